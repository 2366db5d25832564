// Lab 06's panel, drawn headless: the server's servers with their expiry, the editor's
// configuration with credentials masked, a gathering round with its ranking, the Gather button;
// the README's steps tick from the state, in Korean or English.
#include "ice_panel.hpp"

#include "rtclab/ui/headless.hpp"

#include "panel_clicks.hpp"
#include "panel_texts.hpp"
#include "recording_actions.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace lab06;
using rtclab::ui::testing::drawFrames;

namespace {

IceLabState joinedState() {
  IceLabState state;
  state.call.url = "ws://127.0.0.1:8080/ws";
  state.call.room = "demo";
  state.call.phase = "waiting";
  state.call.you = "u-a11ce000000000000000";
  state.serverServers = {{{"stun:127.0.0.1:3478"}, "", ""},
                         {{"turn:127.0.0.1:3478?transport=udp"},
                          "1767225600:u-a11ce000000000000000",
                          "c2VjcmV0LWhtYWM="}};
  state.serverExpiresAt = 1767225600;
  state.unixNow = 1767225600 - 3540;
  return state;
}

} // namespace

TEST_CASE("the server's servers: urls, username, the credential masked, the expiry") {
  rtclab::testing::usePanelTexts("06-ice-turn");
  std::vector<std::string> ran;
  auto actions = rtclab::testing::recordingActions(ran, {"gather", "start", "join", "hangup"});
  IceLabState state = joinedState();
  auto report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.errors.empty());
  CHECK(report.showsText("turn:127.0.0.1:3478?transport=udp  username "
                         "1767225600:u-a11ce000000000000000  credential ***"));
  CHECK(report.showsText("TURN credentials expire in 3540 s"));
  CHECK_FALSE(report.showsText("c2VjcmV0LWhtYWM="));

  state.unixNow = 1767225600 + 20;
  report = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report.showsText("TURN credentials expired 20 s ago"));

  CHECK(rtclab::testing::clickButton([&] { drawPanel(state, actions); }, "Gather"));
  CHECK(ran == std::vector<std::string>{"gather"});
}

TEST_CASE("a gathering round: the table, the counts and the measured ranking") {
  rtclab::testing::usePanelTexts("06-ice-turn");
  std::vector<std::string> ran;
  auto actions = rtclab::testing::recordingActions(ran, {"gather"});
  IceLabState state = joinedState();
  state.gathering.begin(0, "{}");
  state.gathering.candidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", 2);
  state.gathering.candidate(
      "candidate:3 1 udp 41885439 127.0.0.1 49160 typ relay raddr 127.0.0.1 rport 50000", 35);
  state.gathering.complete(40);
  rtclab::ui::testing::HeadlessOptions tall;
  tall.displayHeight = 1000;
  const auto report = drawFrames(
      3, [&] { drawPanel(state, actions); }, tall);
  CHECK(report.errors.empty());
  CHECK(report.showsText("complete after 40 ms: 1 host, 0 srflx, 1 relay, 0 errors"));
  CHECK(report.showsLine({"35", "relay", "udp", "127.0.0.1:49160", "127.0.0.1:50000", "2"}));
  CHECK(report.showsText("measured: host at 2 ms, then relay at 35 ms"));
}

TEST_CASE("the editor: my own servers, relay only; the configuration masks the credential") {
  rtclab::testing::usePanelTexts("06-ice-turn");
  IceServersEditor editor{.fromServer = false,
                          .stunUrl = "stun:127.0.0.1:3478",
                          .turnUrl = "turn:127.0.0.1:3478",
                          .username = "learner",
                          .credential = "secret",
                          .relayOnly = true};
  const auto configuration = configurationOf(editor, {});
  REQUIRE(configuration.iceServers.size() == 2);
  CHECK(configuration.iceServers[1].credential == "secret");
  CHECK(configuration.iceTransportPolicy == rtclab::IceTransportPolicy::Relay);
  const std::string text = describeConfiguration(configuration);
  CHECK(text.find("secret") == std::string::npos);
  CHECK(text.find(R"("credential":"***")") != std::string::npos);
  CHECK(text.find(R"("iceTransportPolicy":"relay")") != std::string::npos);

  editor.fromServer = true; // the server's list replaces mine
  const auto fromServer = configurationOf(editor, {{{"stun:10.0.0.1"}, "", ""}});
  REQUIRE(fromServer.iceServers.size() == 1);
  CHECK(fromServer.iceServers[0].urls[0] == "stun:10.0.0.1");

  IceLabState state;
  state.editor = editor;
  const auto json = toJson(state);
  CHECK(json["lab"] == "06-ice-turn");
  CHECK(json["editor"]["credentialSet"] == true);
  CHECK(json["editor"].dump().find("secret") == std::string::npos);
  CHECK(json["peer"].is_null());
}

TEST_CASE("a call is recorded once connected with an RTT, with the settings it was opened with") {
  rtclab::testing::usePanelTexts("06-ice-turn");
  rtclab::PeerSessionView call;
  IceServersEditor settings;
  settings.trickle = false;
  settings.relayOnly = true;
  call.panel.connection.record("new", 1000);
  call.panel.connection.record("connecting", 1200);
  CHECK_FALSE(callRecordOf(call, settings).has_value()); // not connected yet

  call.panel.connection.record("connected", 1850);
  rtclab::CandidateStats local;
  local.candidateType = "relay";
  local.relayProtocol = "udp";
  rtclab::CandidateStats remote;
  remote.candidateType = "relay";
  call.panel.selectedPair = rtclab::ui::SelectedCandidatePair{local, remote};
  rtclab::StatsReport report;
  rtclab::CandidatePairStats pair;
  pair.id = "CP1";
  pair.state = "succeeded";
  pair.nominated = true;
  report.candidatePairs.push_back(pair);
  call.panel.latestStats = report;
  CHECK_FALSE(callRecordOf(call, settings).has_value()); // no RTT measured yet

  call.panel.latestStats->candidatePairs[0].currentRoundTripTime = 0.0125;
  const auto record = callRecordOf(call, settings);
  REQUIRE(record.has_value());
  CHECK(*record == CallRecord{.trickle = false,
                              .relayOnly = true,
                              .connectedAfterMs = 850,
                              .localType = "relay",
                              .remoteType = "relay",
                              .rttMs = 12.5,
                              .relayProtocol = "udp",
                              .candidatesSent = 0});

  IceLabState state;
  state.calls = {*record};
  std::vector<std::string> ran;
  auto actions = rtclab::testing::recordingActions(ran, {"gather"});
  const auto report2 = drawFrames(3, [&] { drawPanel(state, actions); });
  CHECK(report2.showsLine({"1", "no", "relay", "0", "850 ms", "relay / relay via udp", "12.5 ms"}));
  CHECK(toJson(state)["calls"][0]["connectedAfterMs"] == 850);
}

TEST_CASE("a STUN binding check: STUN servers only, and what the server saw") {
  rtclab::testing::usePanelTexts("06-ice-turn");
  rtclab::Configuration configuration;
  configuration.iceServers = {{{"stun:127.0.0.1:3478"}, "", ""},
                              {{"turn:127.0.0.1:3478"}, "u", "c"}};
  configuration.iceTransportPolicy = rtclab::IceTransportPolicy::Relay;
  const auto check = stunOnly(configuration);
  REQUIRE(check.iceServers.size() == 1);
  CHECK(check.iceServers[0].urls[0] == "stun:127.0.0.1:3478");
  CHECK(check.iceTransportPolicy == rtclab::IceTransportPolicy::All);

  rtclab::CandidateGathering round;
  round.begin(0, "{}");
  CHECK(stunCheckVerdict(round) == "asking the STUN server...");
  round.candidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", 2);
  round.complete(30);
  CHECK(stunCheckVerdict(round).starts_with("the STUN server answered and saw your host address"));

  round.begin(0, "{}");
  round.candidate("candidate:2 1 udp 1686052607 203.0.113.7 40000 typ srflx raddr 10.0.0.2 "
                  "rport 50000",
                  20);
  round.complete(30);
  CHECK(stunCheckVerdict(round) == "the STUN server saw you as 203.0.113.7:40000 (your host "
                                   "address 10.0.0.2:50000): that is your public address");

  round.begin(0, "{}");
  round.error({.address = "127.0.0.1",
               .port = 50000,
               .url = "stun:127.0.0.1:9",
               .errorCode = 701,
               .errorText = "STUN binding request timed out."},
              9000);
  round.complete(9100);
  CHECK(stunCheckVerdict(round).starts_with("no answer: error 701 from stun:127.0.0.1:9"));
}

TEST_CASE("the steps: ticked from the state in order, in Korean or English") {
  rtclab::testing::usePanelTexts("06-ice-turn");
  std::vector<std::string> ran;
  auto actions = rtclab::testing::recordingActions(ran, {"gather", "stun-check"});
  IceLabState state;
  const auto current = [&] {
    rememberProgress(state);
    return toJson(state)["steps"]["current"].get<int>();
  };
  CHECK(current() == 0);
  state = joinedState();
  CHECK(current() == 1);
  state.gathering.begin(0, "{}");
  state.gathering.candidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", 2);
  CHECK(current() == 1); // still gathering, and no relay candidate yet
  state.gathering.candidate(
      "candidate:3 1 udp 41885439 127.0.0.1 49160 typ relay raddr 127.0.0.1 rport 50000", 35);
  state.gathering.complete(40);
  CHECK(current() == 2);
  state.stunCheck = true; // the next round replaces this one: the step stays done
  state.gathering.begin(100, "{}");
  state.gathering.complete(130);
  CHECK(current() == 3);
  state.stunCheck = false;
  state.gathering.begin(200, "{}");
  state.gathering.error({.address = "127.0.0.1",
                         .port = 50000,
                         .url = "turn:127.0.0.1:3478",
                         .errorCode = 401,
                         .errorText = "Unauthorized"},
                        210);
  state.gathering.complete(220);
  CHECK(current() == 4);
  state.calls.push_back(CallRecord{});
  CHECK(current() == 5);
  state.calls.push_back(CallRecord{}); // the same settings again: nothing compared yet
  CHECK(current() == 5);
  CallRecord relayed;
  relayed.relayOnly = true;
  state.calls.push_back(relayed);
  CHECK(current() == 6);
  state.gathering.begin(300, "{}"); // a new round forgets what the steps remember
  CHECK(current() == 6);
  const auto json = toJson(state)["steps"];
  REQUIRE(json["list"].size() == 6);
  CHECK(json["list"][3]["step"] == "lab06.step.turn-401");
  CHECK(json["list"][3]["done"] == true);

  IceLabState fresh = joinedState();
  rememberProgress(fresh);
  const auto draw = [&] { drawPanel(fresh, actions); };
  const auto english = drawFrames(3, draw);
  CHECK(english.showsText("2. Gathering: host and relay candidates"));
  CHECK(english.showsText("STUN check"));

  auto korean = rtclab::testing::inKorean("06-ice-turn");
  const auto report = drawFrames(3, draw, korean);
  CHECK(report.errors.empty());
  CHECK(report.showsText("2. 수집 결과: host와 relay candidate"));
  CHECK(report.showsText("TURN credential 만료까지 3540 s"));
  CHECK(report.showsText("STUN 확인"));
  CHECK_FALSE(report.showsText("STUN check"));
  CHECK(toJson(fresh)["steps"]["list"][1]["text"] ==
        "2. 수집 결과: host와 relay candidate, 세 부분으로 나눈 priority");
  // The Korean button runs the same action.
  const auto where = report.textPosition("STUN 확인");
  REQUIRE(where.has_value());
  korean.clickAt = *where;
  drawFrames(4, draw, korean);
  CHECK(ran == std::vector<std::string>{"stun-check"});
  rtclab::testing::usePanelTexts("06-ice-turn");
}
