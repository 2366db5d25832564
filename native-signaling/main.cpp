// rtclab-server: static files for the labs + WebRTC signaling over WebSocket at /ws.
// Run `rtclab-server --help` for the options; docs/signaling-protocol.md for the protocol.
#include <sys/resource.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "log.hpp"
#include "options.hpp"
#include "server.hpp"

namespace {

// Each connection is one file descriptor; the default soft limit (often 1024) would cap the
// server far below --max-connections.
void raiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

} // namespace

int main(int argc, char** argv) {
  using namespace rtclab::server;
  const std::string program = argc > 0 ? argv[0] : "rtclab-server";
  auto parsed = parseOptions(std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc));
  if (std::holds_alternative<ShowHelp>(parsed)) {
    std::cout << usage(program);
    return 0;
  }
  if (auto* error = std::get_if<OptionsError>(&parsed)) {
    std::cerr << program << ": " << error->message << "\n\n" << usage(program);
    return 2;
  }
  const auto& options = std::get<ServerOptions>(parsed);
  setLogLevel(options.logLevel);
  raiseOpenFileLimit();

  std::error_code missing;
  if (!std::filesystem::is_directory(options.webRoot, missing)) {
    std::cerr << program << ": web root '" << options.webRoot
              << "' is not a folder: build the labs first (cmake --build --preset wasm) or pass"
                 " --web DIR\n";
    return 2;
  }

  try {
    // One thread runs everything (no other thread posts, the signal handler only writes to
    // Asio's pipe), so the scheduler's and the reactor's mutexes protect nothing: UNSAFE drops
    // them. Any second thread touching `io` would need this back at 1.
    asio::io_context io{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE};
    Server server(io, options);
    auto endpoint = server.localEndpoint();
    std::printf("rtclab-server listening on http://%s:%u\n", endpoint.address().to_string().c_str(),
                static_cast<unsigned>(endpoint.port()));
    std::fflush(stdout);
    LogLine(LogLevel::info, "listening")
        .field("address", endpoint.address().to_string())
        .field("port", endpoint.port())
        .field("web", options.webRoot);
    server.start();
    io.run();
    LogLine(LogLevel::info, "stopped");
    return 0;
  } catch (const std::exception& e) {
    LogLine(LogLevel::error, "startup-failed").field("error", e.what());
    std::cerr << program << ": " << e.what() << "\n";
    return 1;
  }
}
