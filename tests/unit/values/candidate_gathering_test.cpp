// One round of gathering: candidates timed and split, errors explained, the log, the ranking.
#include <doctest/doctest.h>

#include "rtclab/candidate_gathering.hpp"

using namespace rtclab;

namespace {

constexpr const char* kHost =
    "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0 ufrag abcd";
constexpr const char* kSrflx = "candidate:2 1 udp 1686052607 127.0.0.1 50000 typ srflx raddr "
                               "127.0.0.1 rport 50000 generation 0 ufrag abcd";
constexpr const char* kRelay = "candidate:3 1 udp 41885439 127.0.0.1 49160 typ relay raddr "
                               "127.0.0.1 rport 50000 generation 0 ufrag abcd";

} // namespace

TEST_CASE("a round: candidates with their times and priority parts, then complete") {
  CandidateGathering gathering;
  CHECK_FALSE(gathering.begun());
  gathering.candidate(kHost, 5); // before begin(): not part of any round
  CHECK(gathering.candidates().empty());

  gathering.begin(1000, R"({"iceTransportPolicy":"all"})");
  CHECK(gathering.running());
  gathering.candidate(kHost, 1002);
  gathering.candidate(kRelay, 1040);
  gathering.candidate(kSrflx, 1010.5);
  gathering.candidate("candidate:garbage", 1041);
  gathering.complete(1050);
  gathering.complete(1090); // once only

  REQUIRE(gathering.candidates().size() == 3);
  CHECK(gathering.candidates()[0].afterMs == 2);
  CHECK(gathering.candidates()[0].priority.typePreference == 126);
  CHECK(gathering.candidates()[1].info.type == CandidateType::Relay);
  CHECK(gathering.candidates()[1].priority.typePreference == 2);
  CHECK(gathering.count(CandidateType::Relay) == 1);
  CHECK(gathering.count(CandidateType::Prflx) == 0);
  CHECK_FALSE(gathering.running());
  CHECK(gathering.completedAfterMs() == 50);

  const auto firsts = gathering.firstOfEachType();
  REQUIRE(firsts.size() == 3);
  CHECK(firsts[0] == std::pair{CandidateType::Host, 2.0});
  CHECK(firsts[1] == std::pair{CandidateType::Relay, 40.0}); // arrival order, as measured
  CHECK(firsts[2].first == CandidateType::Srflx);

  const std::string& log = gathering.log();
  CHECK(log.starts_with("configuration {\"iceTransportPolicy\":\"all\"}\n+2.0 ms candidate:1 "));
  CHECK(log.find("unreadable candidate") != std::string::npos);
  CHECK(log.ends_with("+50.0 ms gathering complete: 3 candidates, 0 errors\n"));
}

TEST_CASE("a server error is kept with its meaning; a new round forgets the old one") {
  CandidateGathering gathering;
  gathering.begin(0, "{}");
  gathering.error({.address = "127.0.0.1",
                   .port = 50000,
                   .url = "turn:127.0.0.1:3478?transport=udp",
                   .errorCode = 401,
                   .errorText = "Unauthorized"},
                  120);
  REQUIRE(gathering.errors().size() == 1);
  const auto json = gathering.toJson();
  CHECK(json["errors"][0]["errorCode"] == 401);
  CHECK(json["errors"][0]["afterMs"] == 120);
  CHECK(json["errors"][0]["meaning"].get<std::string>().find("expired") != std::string::npos);
  CHECK(gathering.log().find("error 401 Unauthorized from turn:127.0.0.1:3478?transport=udp") !=
        std::string::npos);

  gathering.begin(500, "{}");
  CHECK(gathering.errors().empty());
  CHECK(gathering.toJson()["completedAfterMs"].is_null());
}

TEST_CASE("toJson: each candidate's fields as the table shows them") {
  CandidateGathering gathering;
  gathering.begin(0, "{}");
  gathering.candidate(kRelay, 30);
  const auto c = gathering.toJson()["candidates"][0];
  CHECK(c["type"] == "relay");
  CHECK(c["protocol"] == "udp");
  CHECK(c["port"] == 49160);
  CHECK(c["priority"] == 41885439u);
  CHECK(c["typePreference"] == 2);
  CHECK(c["component"] == 1);
  CHECK(c["relatedAddress"] == "127.0.0.1");
  CHECK(c["relatedPort"] == 50000);
}
