#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <sstream>

namespace rtclab::bench {
namespace {

enum class Better { lower, higher };

struct Target {
  Better direction; // lower: value <= limit passes; higher: value >= limit passes
  double limit;
  bool met(double value) const {
    return direction == Better::lower ? value <= limit : value >= limit;
  }
};

struct Row {
  std::string metric;
  std::string unit;
  Better better;
  std::function<std::optional<double>(const ServerFigures&)> value;
  std::optional<Target> target; // for the subject server
  // True when the generator itself fell behind, so a MISS may be the generator's, not the
  // server's: the figure is then only an upper bound.
  std::function<bool(const ServerFigures&)> generatorLagged = {};
};

// Thousands separated, with fewer decimals as values grow: "123,456", "45.6", "0.123", "50".
std::string formatNumber(double value) {
  const double magnitude = std::fabs(value);
  const bool whole = value == std::round(value); // counts print as counts: "50", not "50.0"
  const int decimals = whole || magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  const std::string plain = text;
  const std::size_t signEnd = plain[0] == '-' ? 1 : 0;
  const std::size_t integerEnd = std::min(plain.find('.'), plain.size());
  std::string grouped = plain.substr(0, signEnd);
  for (std::size_t at = signEnd; at < integerEnd; ++at) {
    if (at > signEnd && (integerEnd - at) % 3 == 0)
      grouped += ',';
    grouped += plain[at];
  }
  return grouped + plain.substr(integerEnd);
}

std::string formatOptional(const std::optional<double>& value) {
  return value ? formatNumber(*value) : "n/a";
}

std::string formatTarget(const Target& target) {
  return std::string(target.direction == Better::lower ? "<= " : ">= ") +
         formatNumber(target.limit);
}

// The load phase of `figures` that ran with `clientCount` clients requested, if it ran.
const LoadFigures* loadFor(const Settings& settings, const ServerFigures& figures,
                           std::size_t clientCount) {
  for (std::size_t i = 0; i < settings.clientCounts.size() && i < figures.loads.size(); ++i)
    if (settings.clientCounts[i] == clientCount)
      return &figures.loads[i];
  return nullptr;
}

std::vector<Row> buildRows(const Settings& settings) {
  // The targets rtclab-server is held to on a 2-core machine.
  constexpr double kCpuMicrosPerOffer = 6;
  constexpr double kLatencyP99Ms = 0.3;
  constexpr std::size_t kLatencyTargetClients = 1000;
  constexpr double kIdleConnections = 10000;
  constexpr double kKiBPerIdleConnection = 4;
  constexpr double kSetupsPerSecond = 10000;

  std::vector<Row> rows;
  // Offers leaving later than a third of the latency target skew every latency figure.
  const auto latencyGeneratorLagged = [&settings](std::size_t clients) {
    return [&settings, clients](const ServerFigures& figures) {
      const LoadFigures* load = loadFor(settings, figures, clients);
      return load && load->scheduleLagP99Ms && *load->scheduleLagP99Ms > kLatencyP99Ms / 3;
    };
  };
  auto loadRow = [&](std::size_t clients, std::string metric, std::string unit, Better better,
                     std::optional<double> LoadFigures::*field, std::optional<Target> target,
                     std::function<bool(const ServerFigures&)> generatorLagged = {}) {
    rows.push_back(
        {std::move(metric) + ", " + formatNumber(static_cast<double>(clients)) + " clients",
         std::move(unit), better,
         [&settings, clients, field](const ServerFigures& figures) {
           const LoadFigures* load = loadFor(settings, figures, clients);
           return load ? load->*field : std::nullopt;
         },
         target, std::move(generatorLagged)});
  };
  for (const std::size_t clients : settings.clientCounts) {
    loadRow(clients, "server CPU per relayed offer", "us", Better::lower,
            &LoadFigures::serverCpuMicrosPerMessage, Target{Better::lower, kCpuMicrosPerOffer});
    loadRow(clients, "saturated relay rate", "offers/s", Better::higher,
            &LoadFigures::relayedPerSecond, std::nullopt);
  }
  const std::string offered = " at " + formatNumber(settings.offeredPerSecond) + "/s";
  for (const std::size_t clients : settings.clientCounts) {
    loadRow(clients, "latency p50" + offered, "ms", Better::lower, &LoadFigures::latencyP50Ms,
            std::nullopt);
    loadRow(clients, "latency p99" + offered, "ms", Better::lower, &LoadFigures::latencyP99Ms,
            clients == kLatencyTargetClients
                ? std::optional<Target>(Target{Better::lower, kLatencyP99Ms})
                : std::nullopt,
            latencyGeneratorLagged(clients));
    loadRow(clients, "latency max" + offered, "ms", Better::lower, &LoadFigures::latencyMaxMs,
            std::nullopt);
  }
  rows.push_back({"connection setups (connect+upgrade+join)", "/s", Better::higher,
                  [](const ServerFigures& figures) { return figures.setupsPerSecond; },
                  Target{Better::higher, kSetupsPerSecond}});
  rows.push_back({"idle connections held (of " +
                      formatNumber(static_cast<double>(settings.idleConnections)) + ")",
                  "", Better::higher, [](const ServerFigures& figures) { return figures.idleHeld; },
                  Target{Better::higher, kIdleConnections}});
  rows.push_back({"memory per idle connection", "KiB", Better::lower,
                  [](const ServerFigures& figures) {
                    const auto bytes = figures.rssPerIdleConnectionBytes;
                    return bytes ? std::optional<double>(*bytes / 1024) : std::nullopt;
                  },
                  Target{Better::lower, kKiBPerIdleConnection}});
  rows.push_back({"memory of the empty server (RSS)", "MiB", Better::lower,
                  [](const ServerFigures& figures) {
                    const auto bytes = figures.emptyRssBytes;
                    return bytes ? std::optional<double>(*bytes / 1048576) : std::nullopt;
                  },
                  std::nullopt});
  return rows;
}

std::string pad(const std::string& text, std::size_t width, bool right = false) {
  if (text.size() >= width)
    return text;
  const std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

// "server CPU 97 % of its core, generator CPU 80 %: server-bound": the CPU share each side got
// during a phase run flat out, and which one limited it.
std::string describeCpuBound(std::optional<double> serverShare, double generatorShare) {
  constexpr double kSaturated = 0.9;
  std::string text = "server CPU " + (serverShare ? formatNumber(*serverShare * 100) : "n/a") +
                     " % of its core, generator CPU " + formatNumber(generatorShare * 100) + " %: ";
  if (serverShare && *serverShare >= kSaturated && generatorShare >= kSaturated)
    return text + "both cores saturated (the server's own limit may be higher)";
  if (serverShare && *serverShare >= kSaturated)
    return text + "server-bound";
  if (generatorShare >= kSaturated)
    return text + "generator-bound (the server could do more)";
  if (!serverShare)
    return text + "server CPU unknown";
  return text + "neither core saturated: other processes took CPU time, see the load average";
}

// Per server: what bounded the saturated phases, whether the latency schedule held, errors.
void writeConditions(std::ostringstream& out, const Settings& settings,
                     const ServerFigures& figures) {
  out << figures.name << ":";
  if (figures.loadAverage)
    out << " machine load average " << formatNumber(*figures.loadAverage) << " at the start"
        << (*figures.loadAverage > 0.5 ? " (other work competed for the CPUs)" : "");
  out << "\n";
  if (!figures.failure.empty())
    out << "  RUN STOPPED EARLY: " << figures.failure << "\n";
  if (figures.setupGeneratorCpuShare)
    out << "  setups: "
        << describeCpuBound(figures.setupServerCpuShare, *figures.setupGeneratorCpuShare) << "\n";
  for (std::size_t i = 0; i < figures.loads.size(); ++i) {
    const LoadFigures& load = figures.loads[i];
    out << "  " << formatNumber(static_cast<double>(settings.clientCounts[i])) << " clients ("
        << formatNumber(static_cast<double>(load.clients)) << " paired)\n";
    if (load.generatorCpuShare)
      out << "    saturated: " << describeCpuBound(load.serverCpuShare, *load.generatorCpuShare)
          << "; generator " << formatOptional(load.generatorCpuMicrosPerMessage) << " us/offer\n";
    if (load.sentPerSecond)
      out << "    latency:   offered " << formatNumber(*load.sentPerSecond) << "/s, send lag p99 "
          << formatOptional(load.scheduleLagP99Ms) << " ms, undelivered " << load.undelivered
          << "\n";
  }
  for (const auto& [reason, count] : figures.setupFailures)
    out << "  setup failures: " << count << " x " << reason << "\n";
  if (figures.errorsReceived > 0)
    out << "  error frames received: " << figures.errorsReceived
        << " (last: " << figures.lastErrorCode << ")\n";
  if (figures.closedUnexpectedly > 0)
    out << "  connections closed by the server: " << figures.closedUnexpectedly << "\n";
  if (figures.joinedOffProtocol > 0)
    out << "  protocol deviation: " << figures.joinedOffProtocol
        << " joined frames lacked \"name\" or \"version\":1, or listed peers as bare ids"
           " (docs/signaling-protocol.md)\n";
}

} // namespace

std::string formatReport(const Settings& settings, const std::vector<ServerFigures>& servers) {
  std::ostringstream out;
  if (servers.empty())
    return "no server measured\n";
  const ServerFigures& subject = servers.front();
  const std::vector<Row> rows = buildRows(settings);

  constexpr std::size_t kMetricWidth = 50;
  constexpr std::size_t kUnitWidth = 9;
  constexpr std::size_t kValueWidth = 14;
  out << pad("metric", kMetricWidth) << pad("unit", kUnitWidth);
  for (const ServerFigures& figures : servers)
    out << pad(figures.name, kValueWidth, true);
  // One ratio column per baseline, as wide as its header "baseline/subject".
  std::vector<std::size_t> ratioWidths;
  for (std::size_t i = 1; i < servers.size(); ++i) {
    const std::string header = servers[i].name + "/" + subject.name;
    ratioWidths.push_back(std::max(kValueWidth, header.size() + 2));
    out << pad(header, ratioWidths.back(), true);
  }
  out << "  better  " << pad("target", 10) << "verdict\n";

  bool anyMissWithLaggingGenerator = false;
  for (const Row& row : rows) {
    std::ostringstream line;
    line << pad(row.metric, kMetricWidth) << pad(row.unit, kUnitWidth);
    for (const ServerFigures& figures : servers)
      line << pad(formatOptional(row.value(figures)), kValueWidth, true);
    const std::optional<double> subjectValue = row.value(subject);
    for (std::size_t i = 1; i < servers.size(); ++i) {
      const std::optional<double> baselineValue = row.value(servers[i]);
      std::string ratio = "n/a";
      if (subjectValue && baselineValue && *subjectValue != 0)
        ratio = formatNumber(*baselineValue / *subjectValue) + "x";
      line << pad(ratio, ratioWidths[i - 1], true);
    }
    line << "  " << pad(row.better == Better::lower ? "lower" : "higher", 8);
    if (row.target) {
      line << pad(formatTarget(*row.target), 10);
      std::string verdict = "n/a";
      if (subjectValue && row.target->met(*subjectValue))
        verdict = "PASS";
      else if (subjectValue)
        verdict = row.generatorLagged && row.generatorLagged(subject) ? "MISS?" : "MISS";
      line << verdict;
      anyMissWithLaggingGenerator = anyMissWithLaggingGenerator || verdict == "MISS?";
    }
    std::string text = line.str();
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << "\n";
  }

  if (anyMissWithLaggingGenerator)
    out << "\nMISS? = the generator sent late (send lag p99 above a third of the target): the\n"
           "figure is an upper bound, partly the generator's. Check the conditions below.\n";
  out << "\nConditions of the run\n";
  out << "  pinning: ";
  if (settings.serverCpu && settings.generatorCpu)
    out << "server on CPU " << *settings.serverCpu << ", generator on CPU "
        << *settings.generatorCpu << " (sched_setaffinity, as taskset -c)\n";
  else
    out << "none (server and generator share the CPUs)\n";
  out << "  phases: warm-up " << settings.warmup.count() << " ms, measured "
      << settings.measure.count() << " ms; saturated window " << settings.window
      << " offers in flight per client; sdp " << settings.sdpBytes << " bytes\n";
  for (const ServerFigures& figures : servers)
    writeConditions(out, settings, figures);
  return out.str();
}

} // namespace rtclab::bench
