// The buffer a WebSocket session reads each message into (see the class comment).
#pragma once

#include <string_view>

#include "net.hpp"

namespace rtclab::server {

// The buffer Beast reads each message into. Beast's read allocates its first piece as soon as
// the read *starts*, sized by max_size() - size() up to 1,536 bytes, and an idle connection
// always has a read pending: 10,000 idle connections held 15 MB of empty buffers that way.
// While empty, this buffer claims room for a single byte. That is enough for Beast: it reads
// the socket into its own frame buffer (inside the stream, no allocation) and copies the first
// byte out, then sizes the next piece by what is left of the frame, so the message arrives in
// one more piece of exactly its size. (A first piece of 256 bytes, tried before, stalled
// messages a little longer than it for milliseconds under load, bench/README.md.)
class SmallFirstReadBuffer {
public:
  using const_buffers_type = beast::flat_buffer::const_buffers_type;
  using mutable_buffers_type = beast::flat_buffer::mutable_buffers_type;

  std::size_t size() const { return buffer_.size(); }
  std::size_t max_size() const {
    return buffer_.size() == 0 ? kFirstReadBytes : buffer_.max_size();
  }
  std::size_t capacity() const { return buffer_.capacity(); }
  const_buffers_type data() const { return buffer_.data(); }
  mutable_buffers_type prepare(std::size_t n) { return buffer_.prepare(n); }
  void commit(std::size_t n) { buffer_.commit(n); }
  void consume(std::size_t n) { buffer_.consume(n); }

  std::string_view text() const {
    const auto data = buffer_.cdata();
    return {static_cast<const char*>(data.data()), data.size()};
  }
  // Gives the memory back instead of keeping it for the next read (see handleMessage()).
  void release() {
    buffer_.consume(buffer_.size());
    buffer_.shrink_to_fit();
  }

private:
  static constexpr std::size_t kFirstReadBytes = 1;
  beast::flat_buffer buffer_;
};

} // namespace rtclab::server
