// rtclab::protocol: the signaling messages shared by the wasm client and the native server.
#pragma once

#include "rtclab/protocol/codec.hpp"
#include "rtclab/protocol/error_code.hpp"
#include "rtclab/protocol/messages.hpp"
