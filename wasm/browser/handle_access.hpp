// handle_access.hpp: how the binding layer wraps JS objects into public handles and reaches the
// JS object inside one (internal; public headers stay free of emscripten::val).
#pragma once

#include "rtclab/data_channel.hpp"
#include "rtclab/media_stream.hpp"
#include "rtclab/peer_connection.hpp"

#include <emscripten/val.h>

namespace rtclab::browser {

struct HandleAccess {
  static MediaStreamTrack wrapTrack(emscripten::val track);
  static MediaStream wrapStream(emscripten::val stream);
  static const emscripten::val& js(const MediaStreamTrack& track);
  static const emscripten::val& js(const MediaStream& stream);
  // Sets binaryType = "arraybuffer" (data_channel.cpp).
  static DataChannel wrapDataChannel(emscripten::val channel);
  static const emscripten::val& js(const DataChannel& channel);
  static const emscripten::val& js(const PeerConnection& connection);
};

} // namespace rtclab::browser
