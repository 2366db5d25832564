// parseCandidate() on candidate lines as Chromium writes them, and on broken ones.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "rtclab/ice_candidate.hpp"

using namespace rtclab;

TEST_CASE("IceCandidate is RTCIceCandidateInit") {
  const IceCandidate candidate{"candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0, {}};
  CHECK(candidate.toJson() == nlohmann::json::parse(R"({
          "candidate": "candidate:1 1 udp 1 127.0.0.1 5000 typ host",
          "sdpMid": "0", "sdpMLineIndex": 0})"));
  CHECK(IceCandidate::fromJson(candidate.toJson()) == candidate);

  const IceCandidate endOfCandidates{"", std::nullopt, std::nullopt, std::nullopt};
  CHECK(endOfCandidates.toJson() ==
        nlohmann::json::parse(R"({"candidate":"","sdpMid":null,"sdpMLineIndex":null})"));
  CHECK(IceCandidate::fromJson(endOfCandidates.toJson()) == endOfCandidates);
  CHECK(IceCandidate::fromJson(nlohmann::json::parse(R"({"candidate":"x"})")) ==
        IceCandidate{"x", std::nullopt, std::nullopt, std::nullopt});

  // usernameFragment travels only when known (absent, never null, in what we hand the browser).
  const IceCandidate withUfrag{"candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0, "EsAw"};
  CHECK(withUfrag.toJson()["usernameFragment"] == "EsAw");
  CHECK(IceCandidate::fromJson(withUfrag.toJson()) == withUfrag);
  CHECK_FALSE(candidate.toJson().contains("usernameFragment"));
  CHECK(
      IceCandidate::fromJson(nlohmann::json::parse(R"({"candidate":"x","usernameFragment":null})"))
          ->usernameFragment == std::nullopt);

  for (const char* bad :
       {R"({})", R"({"candidate":1})", R"({"candidate":"x","sdpMid":0})",
        R"({"candidate":"x","usernameFragment":7})", R"({"candidate":"x","sdpMLineIndex":"0"})",
        R"({"candidate":"x","sdpMLineIndex":-1})", R"([])"}) {
    CAPTURE(bad);
    CHECK_FALSE(IceCandidate::fromJson(nlohmann::json::parse(bad)).has_value());
  }
}

TEST_CASE("CandidateType strings") {
  for (const auto& [type, name] :
       {std::pair{CandidateType::Host, "host"}, std::pair{CandidateType::Srflx, "srflx"},
        std::pair{CandidateType::Prflx, "prflx"}, std::pair{CandidateType::Relay, "relay"}}) {
    CHECK(toString(type) == name);
    CHECK(parseCandidateType(name) == type);
  }
  CHECK_FALSE(parseCandidateType("HOST").has_value());
}

TEST_CASE("parseCandidate reads real Chromium candidates") {
  struct Row {
    const char* name;
    const char* line;
    CandidateInfo expected;
  };
  using Extensions = std::vector<std::pair<std::string, std::string>>;
  const std::vector<Row> rows = {
      {"host udp",
       "candidate:1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0 "
       "ufrag EsAw network-id 1 network-cost 10",
       {"1467250027", 1, "udp", 2122260223u, "192.168.0.196", 46243, CandidateType::Host,
        std::nullopt, std::nullopt, std::nullopt,
        Extensions{
            {"generation", "0"}, {"ufrag", "EsAw"}, {"network-id", "1"}, {"network-cost", "10"}}}},
      {"host tcp with tcptype",
       "candidate:1853887674 1 tcp 1518280447 192.168.0.196 9 typ host tcptype active "
       "generation 0 ufrag EsAw network-id 1",
       {"1853887674", 1, "tcp", 1518280447u, "192.168.0.196", 9, CandidateType::Host, std::nullopt,
        std::nullopt, "active",
        Extensions{{"generation", "0"}, {"ufrag", "EsAw"}, {"network-id", "1"}}}},
      {"srflx with raddr/rport",
       "candidate:2914426441 1 udp 1686052607 203.0.113.7 46243 typ srflx raddr 192.168.0.196 "
       "rport 46243 generation 0 ufrag EsAw network-id 1",
       {"2914426441", 1, "udp", 1686052607u, "203.0.113.7", 46243, CandidateType::Srflx,
        "192.168.0.196", 46243, std::nullopt,
        Extensions{{"generation", "0"}, {"ufrag", "EsAw"}, {"network-id", "1"}}}},
      {"relay",
       "candidate:3471623853 1 udp 41885439 198.51.100.20 61324 typ relay raddr 203.0.113.7 "
       "rport 46243 generation 0 ufrag EsAw network-id 1",
       {"3471623853", 1, "udp", 41885439u, "198.51.100.20", 61324, CandidateType::Relay,
        "203.0.113.7", 46243, std::nullopt,
        Extensions{{"generation", "0"}, {"ufrag", "EsAw"}, {"network-id", "1"}}}},
      {"IPv6 host",
       "candidate:3345412921 1 udp 2122262783 2001:db8::1c2f:7bff:fe9a:1234 58123 typ host "
       "generation 0 ufrag EsAw network-id 2",
       {"3345412921", 1, "udp", 2122262783u, "2001:db8::1c2f:7bff:fe9a:1234", 58123,
        CandidateType::Host, std::nullopt, std::nullopt, std::nullopt,
        Extensions{{"generation", "0"}, {"ufrag", "EsAw"}, {"network-id", "2"}}}},
      {"mDNS host with a= prefix and CRLF",
       "a=candidate:3703826493 1 udp 2113937151 4f1c0a3e-8b4d-4e2a-9d6b-1f0a2c3b4d5e.local "
       "54321 typ host generation 0 ufrag EsAw network-cost 999\r\n",
       {"3703826493", 1, "udp", 2113937151u, "4f1c0a3e-8b4d-4e2a-9d6b-1f0a2c3b4d5e.local", 54321,
        CandidateType::Host, std::nullopt, std::nullopt, std::nullopt,
        Extensions{{"generation", "0"}, {"ufrag", "EsAw"}, {"network-cost", "999"}}}},
      {"prflx, RTCP component, no prefix, upper-case UDP",
       "842163049 2 UDP 1845501695 203.0.113.9 50000 typ prflx raddr 0.0.0.0 rport 0",
       {"842163049", 2, "udp", 1845501695u, "203.0.113.9", 50000, CandidateType::Prflx, "0.0.0.0",
        0, std::nullopt, Extensions{}}},
      {"largest priority",
       "candidate:1 1 udp 4294967295 127.0.0.1 65535 typ host",
       {"1", 1, "udp", 4294967295u, "127.0.0.1", 65535, CandidateType::Host, std::nullopt,
        std::nullopt, std::nullopt, Extensions{}}},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const CandidateParseResult result = parseCandidate(row.line);
    REQUIRE_MESSAGE(result.ok(), *result.error);
    CHECK(result.candidate == row.expected);
  }
}

TEST_CASE("CandidateInfo helpers") {
  const auto mdns = parseCandidate("candidate:1 1 udp 1 abcd-1234.local 9 typ host ufrag U1");
  REQUIRE(mdns.ok());
  CHECK(mdns.candidate.isMdns());
  CHECK(mdns.candidate.extension("ufrag") == "U1");
  CHECK_FALSE(mdns.candidate.extension("generation").has_value());

  const auto ip = parseCandidate("candidate:1 1 udp 1 10.0.0.1 9 typ host");
  REQUIRE(ip.ok());
  CHECK_FALSE(ip.candidate.isMdns());
}

TEST_CASE("parseCandidate explains what is wrong with a broken line") {
  struct Row {
    const char* name;
    const char* line;
    const char* messagePart;
  };
  const Row rows[] = {
      {"empty", "", "end of candidates"},
      {"only the prefix", "candidate:", "end of candidates"},
      {"too few fields", "candidate:1 1 udp 2122260223 192.168.0.196 46243 typ", "too few"},
      {"bad component", "candidate:1 x udp 1 10.0.0.1 9 typ host", "bad component 'x'"},
      {"component 0", "candidate:1 0 udp 1 10.0.0.1 9 typ host", "bad component '0'"},
      {"bad protocol", "candidate:1 1 sctp 1 10.0.0.1 9 typ host", "bad protocol 'sctp'"},
      {"bad priority", "candidate:1 1 udp high 10.0.0.1 9 typ host", "bad priority 'high'"},
      {"negative priority", "candidate:1 1 udp -5 10.0.0.1 9 typ host", "bad priority '-5'"},
      {"priority overflow", "candidate:1 1 udp 4294967296 10.0.0.1 9 typ host",
       "bad priority '4294967296'"},
      {"bad port", "candidate:1 1 udp 1 10.0.0.1 port typ host", "bad port 'port'"},
      {"port overflow", "candidate:1 1 udp 1 10.0.0.1 65536 typ host", "bad port '65536'"},
      {"missing typ", "candidate:1 1 udp 1 10.0.0.1 9 type host", "expected 'typ'"},
      {"unknown typ", "candidate:1 1 udp 1 10.0.0.1 9 typ stun", "unknown candidate type 'stun'"},
      {"bad rport", "candidate:1 1 udp 1 10.0.0.1 9 typ srflx raddr 10.0.0.2 rport x",
       "bad rport 'x'"},
      {"bad tcptype", "candidate:1 1 tcp 1 10.0.0.1 9 typ host tcptype both", "bad tcptype"},
      {"dangling extension", "candidate:1 1 udp 1 10.0.0.1 9 typ host generation",
       "'generation' has no value"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const CandidateParseResult result = parseCandidate(row.line);
    REQUIRE_FALSE(result.ok());
    CHECK_MESSAGE(result.error->find(row.messagePart) != std::string::npos, *result.error);
  }
}

TEST_CASE("a priority splits into type preference, local preference and component") {
  // Real Chromium lines: a host UDP candidate, a srflx one, a relay one (UDP to TURN), and the
  // RTCP component of an unbundled host candidate.
  const auto host = decodePriority(2122260223);
  CHECK(host == CandidatePriority{.typePreference = 126, .localPreference = 32542, .component = 1});
  CHECK(decodePriority(1686052607).typePreference == 100);
  const auto relay = decodePriority(41885439);
  CHECK(relay.typePreference == 2);
  CHECK(relay.component == 1);
  CHECK(decodePriority(2122260222).component == 2);
  for (std::uint32_t priority : {2122260223u, 1686052607u, 41885439u, 1u, 0xFFFFFFFFu}) {
    CHECK(encodePriority(decodePriority(priority)) == priority);
  }
}

TEST_CASE("an ICE candidate error says what its code means") {
  IceCandidateError error{.address = "127.0.0.1",
                          .port = 50000,
                          .url = "turn:127.0.0.1:3478?transport=udp",
                          .errorCode = 401,
                          .errorText = "Unauthorized"};
  CHECK(meaningOf(error).find("wrong, or expired") != std::string_view::npos);
  error.errorCode = 701;
  CHECK(meaningOf(error).starts_with("no answer from the STUN/TURN server"));
  error.errorCode = 420;
  CHECK(meaningOf(error) == "the STUN/TURN server answered with an error (see its text)");
}
