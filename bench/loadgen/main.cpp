// rtclab-loadgen: measures WebRTC signaling servers under load and prints them side by side.
//
// Starts each server from a command line (or reaches one at a URL), drives it with Beast
// WebSocket clients on one io_context in the server's dialect, and reads the server's CPU time
// and memory from /proc. The servers run in turn, each started fresh, for several rounds; the
// report shows the median of the rounds. The first server is the subject, held to targets; the
// others are shown with the ratio other/subject. See bench/README.md for what each phase
// measures and how.
//
//   rtclab-loadgen --server rtclab-server='build/native/native-signaling/rtclab-server --port 0'
//                  --server peerjs='node bench/peerjs/server.mjs --port 0' --dialect peerjs=peerjs
#include "figures.hpp"
#include "machine.hpp"
#include "phases.hpp"
#include "report.hpp"
#include "server_process.hpp"

#include <boost/asio/co_spawn.hpp>

#include <algorithm>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <filesystem>
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
  bench::Dialect dialect = bench::Dialect::rtclab;
};

struct Options {
  bench::Settings settings;
  std::vector<ServerSpec> servers;
  std::string logDir = ".";
  bool pin = true;
};

std::string usage() {
  return R"(Usage: rtclab-loadgen (--server NAME=COMMAND | --url NAME=http://HOST:PORT)... [options]
Measures signaling servers, each in its dialect, in turn for several rounds, and prints the
median of each figure. The first server is the subject (targets apply), the others are shown
beside it (ratio other/subject). A COMMAND must print a line "listening on http://HOST:PORT"
(use --port 0); a --url server has no CPU or memory figures.

Dialects (bench/README.md), per server with --dialect NAME=DIALECT [rtclab]:
  rtclab    docs/signaling-protocol.md: /ws, join, joined, offer with "to", relayed with "from"
  peerjs    PeerJS: /peerjs?key=peerjs&id=ID&token=T, OPEN, OFFER with dst, relayed with src
  floor     rtclab-bench-floor: /ws?room=NAME, the text frame "joined", frames relayed verbatim

Options (defaults in brackets):
  --dialect NAME=DIALECT  how the clients of server NAME talk [rtclab]
  --rounds N              servers measured in turn, each started fresh, N times [3]
  --clients N,N           clients per load phase, paired in rooms of 2 [100,1000]
  --sizes N,N             sdp bytes per message in the saturated phase [100,1100,8000]
  --idle N                idle connections to try to hold [10000]
  --rate N                offered load of the latency phase, messages/s [10000]
  --latency-clients N     clients of the latency phase [the largest of --clients]
  --latency-bytes N       sdp bytes per message in the latency phase [1100]
  --window N              messages in flight per client in the saturated phase [4]
  --warmup-ms N           warm-up before each measured window [500]
  --measure-ms N          length of each measured window [2000]
  --quiet-wait-s N        before each server, wait at most N s for the rest of the machine to
                          use < 10 % of a core over 2 s (10 s once it was not quiet in time);
                          0 does not wait [60]
  --log-dir DIR           servers' stdout+stderr go to DIR/NAME-round-R.log [.]
  --no-pin                do not pin the generator to CPU 0 and the servers to CPU 1

Example:
  rtclab-loadgen --server node-ws='node bench/node-relay/relay.mjs --port 0' \
                 --server floor='build/native/bench/rtclab-bench-floor --port 0' \
                 --dialect floor=floor --clients 100 --rounds 1
)";
}

std::size_t parseCount(const std::string& flag, const std::string& text, bool zeroAllowed = false) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || (value == 0 && !zeroAllowed))
    throw std::invalid_argument(flag + ": expected a positive number, got '" + text + "'");
  return value;
}

std::vector<std::size_t> parseCounts(const std::string& flag, const std::string& text) {
  std::vector<std::size_t> counts;
  std::istringstream list(text);
  for (std::string item; std::getline(list, item, ',');)
    counts.push_back(parseCount(flag, item));
  if (counts.empty())
    throw std::invalid_argument(flag + ": expected N or N,N,...");
  return counts;
}

// NAME=VALUE, both non-empty: --server, --url and --dialect.
std::pair<std::string, std::string> splitNameValue(const std::string& flag,
                                                   const std::string& text) {
  const auto equals = text.find('=');
  if (equals == 0 || equals == std::string::npos || equals + 1 == text.size())
    throw std::invalid_argument(flag + ": expected NAME=VALUE, got '" + text + "'");
  return {text.substr(0, equals), text.substr(equals + 1)};
}

Options parseOptions(int argc, char** argv) {
  Options options;
  std::vector<std::pair<std::string, bench::Dialect>> dialects; // applied once all are parsed
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
      auto [name, commandOrUrl] = splitNameValue(flag, value);
      ServerSpec& spec = options.servers.emplace_back();
      spec.name = std::move(name);
      (flag == "--server" ? spec.command : spec.url) = std::move(commandOrUrl);
    } else if (flag == "--dialect") {
      const auto [name, dialectName] = splitNameValue(flag, value);
      const auto dialect = bench::dialectNamed(dialectName);
      if (!dialect)
        throw std::invalid_argument("--dialect: no dialect '" + dialectName +
                                    "' (rtclab, peerjs or floor)");
      dialects.emplace_back(name, *dialect);
    } else if (flag == "--rounds") {
      settings.rounds = parseCount(flag, value);
    } else if (flag == "--clients") {
      settings.clientCounts = parseCounts(flag, value);
    } else if (flag == "--sizes") {
      settings.messageBytes = parseCounts(flag, value);
    } else if (flag == "--latency-clients") {
      settings.latencyClients = parseCount(flag, value);
    } else if (flag == "--latency-bytes") {
      settings.latencyMessageBytes = parseCount(flag, value);
    } else if (flag == "--quiet-wait-s") {
      settings.quietWaitCap = std::chrono::seconds(parseCount(flag, value, true));
    } else if (flag == "--idle") {
      settings.idleConnections = parseCount(flag, value);
    } else if (flag == "--rate") {
      settings.offeredPerSecond = static_cast<double>(parseCount(flag, value));
    } else if (flag == "--window") {
      settings.window = parseCount(flag, value);
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
  for (const auto& [name, dialect] : dialects) {
    const auto server = std::find_if(options.servers.begin(), options.servers.end(),
                                     [&name](const ServerSpec& spec) { return spec.name == name; });
    if (server == options.servers.end())
      throw std::invalid_argument("--dialect: no server named '" + name + "'");
    server->dialect = dialect;
  }
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

// Waits for the rest of the machine to go quiet before a server starts. Once it has not within
// --quiet-wait-s, it is busy with something long (a build): later waits are cut to 10 s so that a
// run on a busy machine still ends in bounded time, its rounds marked as not quiet.
void waitForQuietMachine(const bench::Settings& settings, bench::ServerFigures& figures) {
  static bool gaveUpOnce = false;
  if (settings.quietWaitCap.count() == 0)
    return;
  constexpr auto kQuietWindow = std::chrono::seconds(2);
  constexpr auto kCapOnceBusy = std::chrono::seconds(10);
  const auto cap =
      gaveUpOnce ? std::min(settings.quietWaitCap, kCapOnceBusy) : settings.quietWaitCap;
  const bench::QuietWait wait = bench::waitForQuietMachine(settings.quietShare, kQuietWindow, cap);
  figures.quietWaitSeconds = wait.waitedSeconds;
  figures.machineWasQuiet = wait.quiet;
  figures.othersShareAtStart = wait.othersShare;
  if (!wait.quiet) {
    gaveUpOnce = true;
    std::cerr << "rtclab-loadgen: the machine is not quiet after " << cap.count()
              << " s (the rest of it uses " << static_cast<int>(wait.othersShare * 100)
              << " % of a core): measuring anyway\n";
  }
}

// One round of one server: wait for a quiet machine, start the server fresh, run the phases.
bench::ServerFigures measure(const Options& options, const ServerSpec& spec, std::size_t round) {
  bench::ServerFigures figures;
  figures.name = spec.name;
  figures.round = round;
  waitForQuietMachine(options.settings, figures);
  figures.loadAverage = bench::loadAverage();
  try {
    std::optional<bench::ServerProcess> process;
    tcp::endpoint endpoint;
    if (spec.command.empty()) {
      endpoint = endpointFromUrl(spec.url);
    } else {
      const auto logPath = std::filesystem::path(options.logDir) /
                           (spec.name + "-round-" + std::to_string(round) + ".log");
      process.emplace(spec.command, logPath.string(), options.settings.serverCpu);
      endpoint = {bench::net::ip::make_address(process->address().host), process->address().port};
    }
    std::cerr << "rtclab-loadgen: round " << round << ", " << spec.name << " at " << endpoint
              << "\n";
    bench::net::io_context io;
    bench::ServerBench serverBench(io, options.settings, spec.dialect, endpoint,
                                   process ? &*process : nullptr);
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

  // Interleaved: every server once per round, in the order given, so that a change in the
  // machine's state during the run (a build starting, thermal limits) touches them all alike.
  std::vector<bench::ServerRuns> results;
  for (const ServerSpec& spec : options.servers)
    results.push_back({spec.name, spec.dialect, {}});
  for (std::size_t round = 1; round <= options.settings.rounds; ++round)
    for (std::size_t i = 0; i < options.servers.size(); ++i)
      results[i].rounds.push_back(measure(options, options.servers[i], round));
  std::cout << bench::formatReport(options.settings, results) << std::flush;

  for (const auto& runs : results)
    for (const auto& figures : runs.rounds)
      if (!figures.failure.empty())
        return 1;
  return 0;
}
