#pragma once
// TCP on the event loop: tcp_listener and tcp_stream.

#include "concur/net/tcp_listener.hpp"
#include "concur/net/tcp_stream.hpp"
