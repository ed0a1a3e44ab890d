#pragma once
// TCP on the event loop, for servers and clients: tcp_listener (accept connections) and
// tcp_stream (a connection), in one include.

#include "concur/net/tcp_listener.hpp"
#include "concur/net/tcp_stream.hpp"
