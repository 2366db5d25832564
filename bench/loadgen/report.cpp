#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>
#include <sstream>

namespace rtclab::bench {
namespace {

// The targets rtclab-server is held to on a 2-core machine (bench/README.md).
constexpr double kShareOfNodeWsCpu = 1.0 / 3; // server CPU per 1.1 KB message vs node-ws's
constexpr double kTimesFloorCpu = 1.3;        // ... and vs the floor's
constexpr double kSizeGrowth = 1.2;           // CPU per 8 KB message / per 100 B message
constexpr double kLatencyP99Ms = 0.3;         // at 10,000 messages/s with 1,000 clients
constexpr double kKiBPerIdleConnection = 4;   // at 10,000 idle connections
constexpr double kEmptyMiB = 5;
constexpr double kCpuMicrosPerSetup = 50;
constexpr std::size_t kTargetMessageBytes = 1100;
constexpr double kSaturated = 0.9; // a CPU share this high means that side was the limit

enum class Better { lower, higher };

using Value = std::function<std::optional<double>(const ServerFigures&)>;

struct Row {
  std::string metric;
  std::string unit;
  Better better;
  Value value;
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

std::string formatCount(std::size_t count) { return formatNumber(static_cast<double>(count)); }

std::string percent(std::optional<double> share) {
  return share ? formatNumber(std::max(0.0, std::round(*share * 100))) + " %" : "n/a";
}

std::string roundsLabel(std::size_t count) {
  return formatCount(count) + (count == 1 ? " round" : " rounds");
}

// The median, min and max of a figure over the rounds that measured it.
struct Spread {
  std::optional<double> median;
  std::optional<double> min;
  std::optional<double> max;
  std::size_t count = 0;
};

Spread spreadOf(std::vector<double> values) {
  Spread spread;
  spread.count = values.size();
  if (values.empty())
    return spread;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  spread.median =
      values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  spread.min = values.front();
  spread.max = values.back();
  return spread;
}

Spread spreadOf(const ServerRuns& runs, const Value& value) {
  std::vector<double> values;
  for (const ServerFigures& round : runs.rounds)
    if (const auto measured = value(round))
      values.push_back(*measured);
  return spreadOf(std::move(values));
}

const SaturatedFigures* saturatedFor(const ServerFigures& figures, std::size_t clients,
                                     std::size_t messageBytes) {
  for (const SaturatedFigures& saturated : figures.saturated)
    if (saturated.clients == clients && saturated.messageBytes == messageBytes)
      return &saturated;
  return nullptr;
}

Value saturatedValue(std::size_t clients, std::size_t messageBytes,
                     std::optional<double> SaturatedFigures::*field) {
  return [=](const ServerFigures& figures) -> std::optional<double> {
    const SaturatedFigures* saturated = saturatedFor(figures, clients, messageBytes);
    return saturated ? saturated->*field : std::nullopt;
  };
}

Value latencyValue(std::optional<double> LatencyFigures::*field) {
  return [=](const ServerFigures& figures) -> std::optional<double> {
    return figures.latency ? *figures.latency.*field : std::nullopt;
  };
}

std::string latencyConditions(const Settings& settings) {
  return " at " + formatNumber(settings.offeredPerSecond) + "/s, " +
         formatCount(settings.latencyClientCount()) + " clients, " +
         sizeLabel(settings.latencyMessageBytes);
}

std::vector<Row> buildRows(const Settings& settings) {
  std::vector<Row> rows;
  for (const std::size_t clients : settings.clientCounts)
    for (const std::size_t bytes : settings.messageBytes)
      rows.push_back(
          {"server CPU per relayed message, " + sizeLabel(bytes) + ", " + formatCount(clients) +
               " clients",
           "us", Better::lower,
           saturatedValue(clients, bytes, &SaturatedFigures::serverCpuMicrosPerMessage)});
  for (const std::size_t clients : settings.clientCounts)
    for (const std::size_t bytes : settings.messageBytes)
      rows.push_back(
          {"saturated relay rate, " + sizeLabel(bytes) + ", " + formatCount(clients) + " clients",
           "msg/s", Better::higher,
           saturatedValue(clients, bytes, &SaturatedFigures::relayedPerSecond)});
  const std::string conditions = latencyConditions(settings);
  rows.push_back(
      {"latency p50" + conditions, "ms", Better::lower, latencyValue(&LatencyFigures::p50Ms)});
  rows.push_back(
      {"latency p99" + conditions, "ms", Better::lower, latencyValue(&LatencyFigures::p99Ms)});
  rows.push_back(
      {"latency max" + conditions, "ms", Better::lower, latencyValue(&LatencyFigures::maxMs)});
  rows.push_back({"  generator's send lag p99 (latency phase)", "ms", Better::lower,
                  latencyValue(&LatencyFigures::scheduleLagP99Ms)});
  rows.push_back({"connection setups (connect+upgrade+join)", "/s", Better::higher,
                  [](const ServerFigures& figures) { return figures.setupsPerSecond; }});
  rows.push_back({"server CPU per connection setup", "us", Better::lower,
                  [](const ServerFigures& figures) { return figures.serverCpuMicrosPerSetup; }});
  rows.push_back({"idle connections held (of " + formatCount(settings.idleConnections) + ")", "",
                  Better::higher, [](const ServerFigures& figures) { return figures.idleHeld; }});
  rows.push_back(
      {"memory per idle connection", "KiB", Better::lower, [](const ServerFigures& figures) {
         const auto bytes = figures.rssPerIdleConnectionBytes;
         return bytes ? std::optional<double>(*bytes / 1024) : std::nullopt;
       }});
  rows.push_back(
      {"memory of the empty server (RSS)", "MiB", Better::lower, [](const ServerFigures& figures) {
         const auto bytes = figures.emptyRssBytes;
         return bytes ? std::optional<double>(*bytes / 1048576) : std::nullopt;
       }});
  return rows;
}

std::string pad(const std::string& text, std::size_t width, bool right = false) {
  if (text.size() >= width)
    return text;
  const std::string fill(width - text.size(), ' ');
  return right ? fill + text : text + fill;
}

std::string trimRight(std::string text) {
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

constexpr std::size_t kMetricWidth = 62;
constexpr std::size_t kUnitWidth = 7;
constexpr std::size_t kValueWidth = 15;

std::string ratioHeader(const ServerRuns& other, const ServerRuns& subject) {
  return other.name + "/" + subject.name;
}

// The medians, with one ratio column per other server: other / subject.
void writeTable(std::ostringstream& out, const std::vector<Row>& rows,
                const std::vector<ServerRuns>& servers) {
  const ServerRuns& subject = servers.front();
  out << pad("metric (median of the rounds)", kMetricWidth) << pad("unit", kUnitWidth);
  for (const ServerRuns& runs : servers)
    out << pad(runs.name, kValueWidth, true);
  std::vector<std::size_t> ratioWidths;
  for (std::size_t i = 1; i < servers.size(); ++i) {
    const std::string header = ratioHeader(servers[i], subject);
    ratioWidths.push_back(std::max(kValueWidth, header.size() + 2));
    out << pad(header, ratioWidths.back(), true);
  }
  out << "  better\n";
  for (const Row& row : rows) {
    std::ostringstream line;
    line << pad(row.metric, kMetricWidth) << pad(row.unit, kUnitWidth);
    for (const ServerRuns& runs : servers)
      line << pad(formatOptional(spreadOf(runs, row.value).median), kValueWidth, true);
    const std::optional<double> subjectValue = spreadOf(subject, row.value).median;
    for (std::size_t i = 1; i < servers.size(); ++i) {
      const std::optional<double> otherValue = spreadOf(servers[i], row.value).median;
      std::string ratio = "n/a";
      if (subjectValue && otherValue && *subjectValue != 0)
        ratio = formatNumber(*otherValue / *subjectValue) + "x";
      line << pad(ratio, ratioWidths[i - 1], true);
    }
    line << "  " << (row.better == Better::lower ? "lower" : "higher");
    out << trimRight(line.str()) << "\n";
  }
}

// Each figure's lowest and highest value over the rounds, to judge how far a median can be
// trusted: a wide spread means the machine was not steady.
void writeSpread(std::ostringstream& out, const std::vector<Row>& rows,
                 const std::vector<ServerRuns>& servers, std::size_t roundCount) {
  constexpr std::size_t kSpreadWidth = 22;
  out << pad("spread over " + roundsLabel(roundCount) + " (min-max)", kMetricWidth)
      << pad("unit", kUnitWidth);
  for (const ServerRuns& runs : servers)
    out << pad(runs.name, kSpreadWidth, true);
  out << "\n";
  for (const Row& row : rows) {
    std::ostringstream line;
    line << pad(row.metric, kMetricWidth) << pad(row.unit, kUnitWidth);
    for (const ServerRuns& runs : servers) {
      const Spread spread = spreadOf(runs, row.value);
      std::string text = "n/a";
      if (spread.count > 0)
        text = formatNumber(*spread.min) + "-" + formatNumber(*spread.max);
      if (spread.count > 0 && spread.count < runs.rounds.size())
        text += " (" + formatCount(spread.count) + " of " + formatCount(runs.rounds.size()) + ")";
      line << pad(text, kSpreadWidth, true);
    }
    out << trimRight(line.str()) << "\n";
  }
}

const ServerRuns* serverNamed(const std::vector<ServerRuns>& servers, const std::string& name) {
  for (const ServerRuns& runs : servers)
    if (runs.name == name)
      return &runs;
  return nullptr;
}

std::string verdict(bool met) { return met ? "PASS " : "MISS "; }

// The subject's targets, each on medians: PASS or MISS, the figure and what it was held to.
void writeTargets(std::ostringstream& out, const Settings& settings,
                  const std::vector<ServerRuns>& servers) {
  const ServerRuns& subject = servers.front();
  out << "Targets for " << subject.name << " (medians; a MISS is a finding, not an error)\n";
  auto median = [](const ServerRuns& runs, const Value& value) {
    return spreadOf(runs, value).median;
  };
  const auto notMeasured = [&out](const std::string& what, const std::string& why) {
    out << "  n/a   " << what << ": " << why << "\n";
  };

  // CPU per message against node-ws and the floor, at the size the targets name.
  const bool hasTargetSize = std::find(settings.messageBytes.begin(), settings.messageBytes.end(),
                                       kTargetMessageBytes) != settings.messageBytes.end();
  for (const std::size_t clients : settings.clientCounts) {
    const std::string what = "server CPU per relayed " + sizeLabel(kTargetMessageBytes) +
                             " message, " + formatCount(clients) + " clients";
    if (!hasTargetSize) {
      notMeasured(what, "no " + sizeLabel(kTargetMessageBytes) + " phase in this run (--sizes)");
      continue;
    }
    const Value cpu =
        saturatedValue(clients, kTargetMessageBytes, &SaturatedFigures::serverCpuMicrosPerMessage);
    const std::optional<double> ours = median(subject, cpu);
    const struct {
      std::string name;
      double factor;
      std::string limit;
    } comparisons[] = {{"node-ws", kShareOfNodeWsCpu, "<= 1/3 of node-ws's"},
                       {"floor", kTimesFloorCpu, "<= 1.3x the floor's"}};
    for (const auto& comparison : comparisons) {
      const ServerRuns* other = serverNamed(servers, comparison.name);
      const std::optional<double> theirs = other ? median(*other, cpu) : std::nullopt;
      if (!ours || !theirs || *theirs == 0) {
        notMeasured(what + " " + comparison.limit,
                    other ? "not measured" : "no server named " + comparison.name + " in this run");
        continue;
      }
      const double ratio = *ours / *theirs;
      out << "  " << verdict(ratio <= comparison.factor) << " " << what << " " << comparison.limit
          << ": " << formatNumber(*ours) << " us against " << formatNumber(*theirs) << " us ("
          << formatNumber(ratio) << "x)\n";
    }
  }

  // Flat in size: the largest message against the smallest.
  const auto [smallest, largest] =
      std::minmax_element(settings.messageBytes.begin(), settings.messageBytes.end());
  for (const std::size_t clients : settings.clientCounts) {
    const std::string what = "cost per message flat in size, " + sizeLabel(*largest) + " / " +
                             sizeLabel(*smallest) + ", " + formatCount(clients) +
                             " clients, <= " + formatNumber(kSizeGrowth);
    const auto small = median(
        subject, saturatedValue(clients, *smallest, &SaturatedFigures::serverCpuMicrosPerMessage));
    const auto large = median(
        subject, saturatedValue(clients, *largest, &SaturatedFigures::serverCpuMicrosPerMessage));
    if (*smallest == *largest || !small || !large || *small == 0) {
      notMeasured(what, "needs two message sizes measured");
      continue;
    }
    const double growth = *large / *small;
    out << "  " << verdict(growth <= kSizeGrowth) << " " << what << ": " << formatNumber(growth)
        << " (" << formatNumber(*large) << " / " << formatNumber(*small) << " us)\n";
  }

  // Latency, unless the generator could not keep its schedule.
  {
    const std::string what =
        "latency p99" + latencyConditions(settings) + " <= " + formatNumber(kLatencyP99Ms) + " ms";
    const auto p99 = median(subject, latencyValue(&LatencyFigures::p99Ms));
    const auto lag = median(subject, latencyValue(&LatencyFigures::scheduleLagP99Ms));
    if (!p99) {
      notMeasured(what, "not measured");
    } else {
      const bool met = *p99 <= kLatencyP99Ms;
      // Messages leaving later than a third of the target skew every latency figure.
      const bool generatorBound = lag && *lag > kLatencyP99Ms / 3;
      out << "  " << verdict(met) << " " << what << ": " << formatNumber(*p99) << " ms";
      if (!met && generatorBound)
        out << ", generator-bound (its send lag p99 " << formatNumber(*lag)
            << " ms is above a third of the target: the figure is an upper bound)";
      out << "\n";
    }
  }

  const auto held = median(subject, [](const ServerFigures& f) { return f.idleHeld; });
  const auto perIdle =
      median(subject, [](const ServerFigures& f) { return f.rssPerIdleConnectionBytes; });
  const std::string idleWhat = "memory per idle connection at " +
                               formatCount(settings.idleConnections) +
                               " <= " + formatNumber(kKiBPerIdleConnection) + " KiB";
  if (!perIdle) {
    notMeasured(idleWhat, "not measured");
  } else {
    const bool allHeld = held && *held >= static_cast<double>(settings.idleConnections);
    out << "  " << verdict(*perIdle / 1024 <= kKiBPerIdleConnection && allHeld) << " " << idleWhat
        << ": " << formatNumber(*perIdle / 1024) << " KiB";
    if (!allHeld)
      out << ", but only " << formatOptional(held) << " connections held";
    out << "\n";
  }

  const auto empty = median(subject, [](const ServerFigures& f) { return f.emptyRssBytes; });
  const std::string emptyWhat = "memory of the empty server <= " + formatNumber(kEmptyMiB) + " MiB";
  if (!empty)
    notMeasured(emptyWhat, "not measured");
  else
    out << "  " << verdict(*empty / 1048576 <= kEmptyMiB) << " " << emptyWhat << ": "
        << formatNumber(*empty / 1048576) << " MiB\n";

  const auto perSetup =
      median(subject, [](const ServerFigures& f) { return f.serverCpuMicrosPerSetup; });
  const std::string setupWhat =
      "server CPU per connection setup <= " + formatNumber(kCpuMicrosPerSetup) + " us";
  if (!perSetup)
    notMeasured(setupWhat, "not measured");
  else
    out << "  " << verdict(*perSetup <= kCpuMicrosPerSetup) << " " << setupWhat << ": "
        << formatNumber(*perSetup) << " us\n";
}

// "server 97 %, generator 80 %, others 2 % (worst round 6 %): server-bound": the CPU each side
// got during a window (medians over the rounds), the rest of the machine, and what was the limit.
struct WindowShares {
  std::optional<double> server;
  double generator = 0;
  std::optional<double> others;
  std::optional<double> worstOthers;
};

WindowShares sharesOver(const std::vector<const CpuShares*>& windows) {
  std::vector<double> server, generator, others;
  for (const CpuShares* shares : windows) {
    if (shares->server)
      server.push_back(*shares->server);
    generator.push_back(shares->generator);
    if (shares->others)
      others.push_back(*shares->others);
  }
  const Spread othersSpread = spreadOf(others);
  return {spreadOf(server).median, spreadOf(generator).median.value_or(0), othersSpread.median,
          othersSpread.max};
}

std::string describeShares(const WindowShares& shares, bool saturating) {
  std::string text = "server " + percent(shares.server) + ", generator " +
                     percent(shares.generator) + ", others " + percent(shares.others);
  if (shares.worstOthers && shares.worstOthers != shares.others)
    text += " (worst round " + percent(shares.worstOthers) + ")";
  if (!saturating)
    return text;
  const bool serverSaturated = shares.server && *shares.server >= kSaturated;
  const bool generatorSaturated = shares.generator >= kSaturated;
  if (serverSaturated && generatorSaturated)
    return text + ": both cores saturated (the server's own limit may be higher)";
  if (serverSaturated)
    return text + ": server-bound";
  if (generatorSaturated)
    return text + ": generator-bound (the server could do more)";
  if (!shares.server)
    return text + ": server CPU unknown";
  return text + ": neither saturated (other processes or scheduling took the time)";
}

std::string joinRounds(const std::vector<ServerFigures>& rounds,
                       const std::function<std::string(const ServerFigures&)>& text) {
  std::string joined;
  for (const ServerFigures& round : rounds)
    joined += (joined.empty() ? "" : " / ") + text(round);
  return joined;
}

// Per server: what the machine was doing, what bounded each window, errors of any kind.
void writeConditions(std::ostringstream& out, const Settings& settings, const ServerRuns& runs) {
  const auto& rounds = runs.rounds;
  out << runs.name << " (dialect " << toString(runs.dialect) << ", " << roundsLabel(rounds.size())
      << ")\n";
  out << "  at each start: load average "
      << joinRounds(rounds, [](const ServerFigures& f) { return formatOptional(f.loadAverage); })
      << "; waited for a quiet machine "
      << joinRounds(rounds,
                    [](const ServerFigures& f) { return formatNumber(f.quietWaitSeconds) + " s"; })
      << " (the rest of it then used "
      << joinRounds(rounds, [](const ServerFigures& f) { return percent(f.othersShareAtStart); })
      << ")\n";
  for (const ServerFigures& round : rounds) {
    if (!round.machineWasQuiet)
      out << "  round " << round.round << ": the machine was NOT quiet after "
          << formatNumber(round.quietWaitSeconds) << " s (the rest used "
          << percent(round.othersShareAtStart)
          << " of a core): that round's figures compete with other work\n";
    if (!round.failure.empty())
      out << "  round " << round.round << ": RUN STOPPED EARLY: " << round.failure << "\n";
  }

  std::vector<const CpuShares*> setupWindows;
  for (const ServerFigures& round : rounds)
    if (round.setupCpu)
      setupWindows.push_back(&*round.setupCpu);
  if (!setupWindows.empty())
    out << "  setups:  " << describeShares(sharesOver(setupWindows), true) << "\n";

  for (const std::size_t clients : settings.clientCounts) {
    std::vector<std::string> paired;
    for (const ServerFigures& round : rounds)
      if (const auto at = round.pairedClients.find(clients);
          at != round.pairedClients.end() && at->second < clients)
        paired.push_back(formatCount(at->second));
    if (!paired.empty())
      out << "  " << formatCount(clients) << " clients: only " << paired.front()
          << " paired in some round\n";
    for (const std::size_t bytes : settings.messageBytes) {
      std::vector<const CpuShares*> windows;
      std::vector<double> generatorMicros;
      for (const ServerFigures& round : rounds)
        if (const SaturatedFigures* saturated = saturatedFor(round, clients, bytes)) {
          windows.push_back(&saturated->cpu);
          if (saturated->generatorCpuMicrosPerMessage)
            generatorMicros.push_back(*saturated->generatorCpuMicrosPerMessage);
        }
      if (windows.empty())
        continue;
      out << "  saturated " << sizeLabel(bytes) << ", " << formatCount(clients)
          << " clients: " << describeShares(sharesOver(windows), true) << "; generator "
          << formatOptional(spreadOf(generatorMicros).median) << " us/message\n";
    }
  }

  std::vector<const CpuShares*> latencyWindows;
  std::vector<double> offered, undelivered;
  for (const ServerFigures& round : rounds)
    if (round.latency) {
      latencyWindows.push_back(&round.latency->cpu);
      if (round.latency->sentPerSecond)
        offered.push_back(*round.latency->sentPerSecond);
      undelivered.push_back(static_cast<double>(round.latency->undelivered));
    }
  if (!latencyWindows.empty())
    out << "  latency" << latencyConditions(settings) << ": offered "
        << formatOptional(spreadOf(offered).median) << "/s, undelivered "
        << formatOptional(spreadOf(undelivered).max) << " at most; "
        << describeShares(sharesOver(latencyWindows), false) << "\n";

  std::map<std::string, std::size_t> failures;
  std::uint64_t errors = 0, closed = 0, joinedOff = 0, wrongSender = 0;
  std::string lastError;
  for (const ServerFigures& round : rounds) {
    for (const auto& [reason, count] : round.setupFailures)
      failures[reason] += count;
    errors += round.errorsReceived;
    if (!round.lastErrorCode.empty())
      lastError = round.lastErrorCode;
    closed += round.closedUnexpectedly;
    joinedOff += round.joinedOffProtocol;
    wrongSender += round.wrongSender;
  }
  for (const auto& [reason, count] : failures)
    out << "  setup failures: " << count << " x " << reason << "\n";
  if (errors > 0)
    out << "  error frames received: " << errors << " (last: " << lastError << ")\n";
  if (closed > 0)
    out << "  connections closed by the server: " << closed << "\n";
  if (joinedOff > 0)
    out << "  protocol deviation: " << joinedOff
        << " joined frames lacked \"name\" or \"version\":1, or listed peers as bare ids"
           " (docs/signaling-protocol.md)\n";
  if (wrongSender > 0)
    out << "  protocol deviation: " << wrongSender
        << " relayed messages did not name their sender\n";
}

} // namespace

std::string formatReport(const Settings& settings, const std::vector<ServerRuns>& servers) {
  std::ostringstream out;
  if (servers.empty())
    return "no server measured\n";
  const std::vector<Row> rows = buildRows(settings);
  writeTable(out, rows, servers);
  out << "\n";
  writeTargets(out, settings, servers);
  out << "\n";
  writeSpread(out, rows, servers, settings.rounds);

  out << "\nConditions of the run (CPU as % of one core, medians of the rounds)\n";
  out << "  pinning: ";
  if (settings.serverCpu && settings.generatorCpu)
    out << "server on CPU " << *settings.serverCpu << ", generator on CPU "
        << *settings.generatorCpu << " (sched_setaffinity, as taskset -c)\n";
  else
    out << "none (server and generator share the CPUs)\n";
  out << "  phases: warm-up " << settings.warmup.count() << " ms, measured "
      << settings.measure.count() << " ms; saturated window " << settings.window
      << " messages in flight per client; servers in turn, each started fresh, "
      << roundsLabel(settings.rounds) << "\n";
  for (const ServerRuns& runs : servers)
    writeConditions(out, settings, runs);
  return out.str();
}

} // namespace rtclab::bench
