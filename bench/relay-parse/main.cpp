// rtclab-bench-relay-parse: what reading one relayed offer costs the server, by size, with the
// relay fast path (RelayRouteReader: simdjson) against the typed parser it replaced on that
// path (rtclab::protocol::parse: nlohmann/json), plus stamping `from` (protocol::appendFrom).
// Single-threaded, in-process, no I/O: the user-space share of a relayed message that grows
// with its size. bench/README.md has the figures.
#include <chrono>
#include <cstdio>
#include <string>

#include <rtclab/protocol/protocol.hpp>

#include "relay_route.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// An offer whose sdp is `sdpBytes` of SDP-like text, with the \r\n escapes a real one has.
std::string offerOf(std::size_t sdpBytes) {
  std::string sdp;
  while (sdp.size() < sdpBytes)
    sdp += "a=candidate:1 1 udp 2122260223 192.168.1.20 50000 typ host generation 0\\r\\n";
  sdp.resize(sdpBytes);
  if (sdp.back() == '\\')
    sdp.back() = 'x';
  return R"({"type":"offer","to":"p2","sdp":")" + sdp + R"("})";
}

// Median-free but steady: the mean over enough runs to take about 0.2 s.
template <typename Work> double microsPerRun(Work work) {
  std::size_t runs = 64;
  for (;;) {
    const auto start = Clock::now();
    for (std::size_t i = 0; i < runs; ++i)
      work();
    const std::chrono::duration<double, std::micro> took = Clock::now() - start;
    if (took.count() > 200000.0)
      return took.count() / static_cast<double>(runs);
    runs *= 2;
  }
}

} // namespace

int main() {
  std::printf("relay parse, one thread, no I/O: microseconds per relayed offer\n");
  std::printf("%-10s %14s %14s %12s %10s\n", "offer", "route (simd)", "typed parse", "appendFrom",
              "typed/route");
  rtclab::server::RelayRouteReader reader;
  std::size_t routed = 0, parsed = 0, stamped = 0; // results used, so no call is optimized away
  for (const std::size_t sdpBytes : {100, 1100, 8000}) {
    const std::string offer = offerOf(sdpBytes);
    const double route = microsPerRun([&] { routed += reader.read(offer).has_value(); });
    const double typed = microsPerRun([&] { parsed += rtclab::protocol::parse(offer).ok(); });
    const double append =
        microsPerRun([&] { stamped += rtclab::protocol::appendFrom(offer, "p1").size(); });
    std::printf("%-10s %14.3f %14.3f %12.3f %9.1fx\n",
                (std::to_string(offer.size()) + " B").c_str(), route, typed, append, typed / route);
  }
  if (routed == 0 || parsed == 0 || stamped == 0) {
    std::fprintf(stderr, "rtclab-bench-relay-parse: an offer was not accepted\n");
    return 1;
  }
  return 0;
}
