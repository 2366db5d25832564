// rtclab-loadgen: measures WebRTC signaling servers under load and prints them side by side.
//
// Starts each server from a command line (or reaches one at a URL), drives it with Beast
// WebSocket clients on one io_context, and reads the server's CPU time and memory from /proc.
// The first server is the subject, held to targets; the others are baselines, shown with the
// ratio baseline/subject. See bench/README.md for what each phase measures and how.
//
//   rtclab-loadgen --server rtclab-server='build/native/native-signaling/rtclab-server --port 0'
//                  --server node-ws='node bench/node-relay/relay.mjs --port 0'
#include "figures.hpp"
#include "phases.hpp"
#include "report.hpp"
#include "server_process.hpp"

#include <boost/asio/co_spawn.hpp>

#include <charconv>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sched.h>
#include <sstream>
#include <sys/resource.h>
#include <thread>

namespace bench = rtclab::bench;
using bench::net::ip::tcp;

namespace {

struct ServerSpec {
  std::string name;
  std::string command; // empty when reached by URL
  std::string url;
};

struct Options {
  bench::Settings settings;
  std::vector<ServerSpec> servers;
  std::string logDir = ".";
  bool pin = true;
};

std::string usage() {
  return R"(Usage: rtclab-loadgen (--server NAME=COMMAND | --url NAME=http://HOST:PORT)... [options]
Measures signaling servers speaking docs/signaling-protocol.md. The first server is the subject
(targets apply), the others are baselines (ratio baseline/subject). A COMMAND must print a line
"listening on http://HOST:PORT" (use --port 0); a --url server has no CPU or memory figures.

Options (defaults in brackets):
  --clients N,N          clients per load phase, paired in rooms of 2 [100,1000]
  --idle N               idle connections to try to hold [10000]
  --rate N               offered load of the latency phase, offers/s [10000]
  --window N             offers in flight per client in the saturated phase [4]
  --sdp-bytes N          size of each offer's sdp field [100]
  --warmup-ms N          warm-up before each measured window [500]
  --measure-ms N         length of each measured window [3000]
  --log-dir DIR          servers' stdout+stderr go to DIR/NAME.log [.]
  --no-pin               do not pin the generator to CPU 0 and the servers to CPU 1

Example:
  rtclab-loadgen --server node-ws='node bench/node-relay/relay.mjs --port 0' --clients 100
)";
}

std::size_t parseCount(const std::string& flag, const std::string& text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value == 0)
    throw std::invalid_argument(flag + ": expected a positive number, got '" + text + "'");
  return value;
}

ServerSpec parseServerSpec(const std::string& flag, const std::string& text) {
  const auto equals = text.find('=');
  if (equals == 0 || equals == std::string::npos || equals + 1 == text.size())
    throw std::invalid_argument(flag + ": expected NAME=VALUE, got '" + text + "'");
  ServerSpec spec{text.substr(0, equals), "", ""};
  (flag == "--server" ? spec.command : spec.url) = text.substr(equals + 1);
  return spec;
}

Options parseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << usage();
      std::exit(0);
    }
    if (flag == "--no-pin") {
      options.pin = false;
      continue;
    }
    if (i + 1 >= argc)
      throw std::invalid_argument(flag.starts_with("--") ? flag + " needs a value"
                                                         : "unknown argument " + flag);
    const std::string value = argv[++i];
    auto& settings = options.settings;
    if (flag == "--server" || flag == "--url") {
      options.servers.push_back(parseServerSpec(flag, value));
    } else if (flag == "--clients") {
      settings.clientCounts.clear();
      std::istringstream list(value);
      for (std::string item; std::getline(list, item, ',');)
        settings.clientCounts.push_back(parseCount(flag, item));
    } else if (flag == "--idle") {
      settings.idleConnections = parseCount(flag, value);
    } else if (flag == "--rate") {
      settings.offeredPerSecond = static_cast<double>(parseCount(flag, value));
    } else if (flag == "--window") {
      settings.window = parseCount(flag, value);
    } else if (flag == "--sdp-bytes") {
      settings.sdpBytes = parseCount(flag, value);
    } else if (flag == "--warmup-ms") {
      settings.warmup = std::chrono::milliseconds(parseCount(flag, value));
    } else if (flag == "--measure-ms") {
      settings.measure = std::chrono::milliseconds(parseCount(flag, value));
    } else if (flag == "--log-dir") {
      options.logDir = value;
    } else {
      throw std::invalid_argument("unknown option " + flag);
    }
  }
  if (options.servers.empty())
    throw std::invalid_argument("give at least one --server or --url");
  return options;
}

// 10,000 client sockets need more than the usual soft limit of 1,024 descriptors. The servers
// inherit the raised limit too (rtclab-server also raises its own).
void raiseDescriptorLimit(bench::Settings& settings) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  constexpr rlim_t kReserved = 64; // logs, timers, /proc reads
  const rlim_t usable = limit.rlim_cur > kReserved ? limit.rlim_cur - kReserved : 0;
  if (settings.idleConnections > usable) {
    std::cerr << "rtclab-loadgen: descriptor limit " << limit.rlim_cur << ": idle phase capped at "
              << usable << " connections\n";
    settings.idleConnections = usable;
  }
}

// The generator on CPU 0 and the servers on CPU 1, so neither steals the other's core and the
// server's CPU time is its own. Needs two CPUs.
void pinCpus(Options& options) {
  if (!options.pin || std::thread::hardware_concurrency() < 2)
    return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0)
    return;
  options.settings.generatorCpu = 0;
  options.settings.serverCpu = 1;
}

tcp::endpoint endpointFromUrl(const std::string& url) {
  const auto address = bench::findListenAddress("listening on " + url);
  if (!address)
    throw std::invalid_argument("expected http://HOST:PORT, got '" + url + "'");
  return {bench::net::ip::make_address(address->host), address->port};
}

// The 1-minute load average: other work on the machine competes with the server and the
// generator for the two cores.
std::optional<double> loadAverage() {
  double oneMinute = 0;
  if (std::ifstream("/proc/loadavg") >> oneMinute)
    return oneMinute;
  return std::nullopt;
}

bench::ServerFigures measure(const Options& options, const ServerSpec& spec) {
  bench::ServerFigures figures;
  figures.name = spec.name;
  figures.loadAverage = loadAverage();
  try {
    std::optional<bench::ServerProcess> process;
    tcp::endpoint endpoint;
    if (spec.command.empty()) {
      endpoint = endpointFromUrl(spec.url);
    } else {
      const auto logPath = std::filesystem::path(options.logDir) / (spec.name + ".log");
      process.emplace(spec.command, logPath.string(), options.settings.serverCpu);
      endpoint = {bench::net::ip::make_address(process->address().host), process->address().port};
    }
    std::cerr << "rtclab-loadgen: " << spec.name << " at " << endpoint << "\n";
    bench::net::io_context io;
    bench::ServerBench serverBench(io, options.settings, endpoint, process ? &*process : nullptr);
    bench::net::co_spawn(io, serverBench.run(figures), [&figures](std::exception_ptr error) {
      try {
        if (error)
          std::rethrow_exception(error);
      } catch (const std::exception& failure) {
        figures.failure = failure.what();
      }
    });
    io.run();
  } catch (const std::exception& failure) {
    figures.failure = failure.what();
  }
  if (!figures.failure.empty())
    std::cerr << "rtclab-loadgen: " << spec.name << ": " << figures.failure << "\n";
  return figures;
}

} // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    options = parseOptions(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "rtclab-loadgen: " << error.what() << "\n\n" << usage();
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  raiseDescriptorLimit(options.settings);
  pinCpus(options);

  std::vector<bench::ServerFigures> results;
  for (const ServerSpec& spec : options.servers)
    results.push_back(measure(options, spec));
  std::cout << bench::formatReport(options.settings, results) << std::flush;

  for (const auto& figures : results)
    if (!figures.failure.empty())
      return 1;
  return 0;
}
