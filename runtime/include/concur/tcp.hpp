#pragma once
// TCP on the event loop: tcp_listener and tcp_stream.

#include "concur/tcp_listener.hpp"
#include "concur/tcp_stream.hpp"
