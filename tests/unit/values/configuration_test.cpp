// Configuration and DataChannelInit turn into exactly the JavaScript objects of the guide.
#include <doctest/doctest.h>

#include <string>

#include "rtclab/configuration.hpp"
#include "rtclab/data_channel_init.hpp"

using namespace rtclab;
using nlohmann::json;

TEST_CASE("a default Configuration is the default RTCConfiguration") {
  CHECK(Configuration{}.toJson() ==
        json::parse(R"({"iceServers":[],"iceTransportPolicy":"all","bundlePolicy":"balanced"})"));
}

TEST_CASE("Configuration with STUN and TURN servers") {
  Configuration configuration;
  configuration.iceServers = {
      IceServer{{"stun:stun.example.org:3478"}, "", ""},
      IceServer{
          {"turn:turn.example.org:3478?transport=udp", "turn:turn.example.org:3478?transport=tcp"},
          "1735689600:alice",
          "secret"},
  };
  configuration.iceTransportPolicy = IceTransportPolicy::Relay;
  configuration.bundlePolicy = BundlePolicy::MaxBundle;

  // STUN has no username/credential members at all, as in JavaScript.
  const json expected = json::parse(R"({
    "iceServers": [
      {"urls": ["stun:stun.example.org:3478"]},
      {"urls": ["turn:turn.example.org:3478?transport=udp",
                "turn:turn.example.org:3478?transport=tcp"],
       "username": "1735689600:alice", "credential": "secret"}
    ],
    "iceTransportPolicy": "relay",
    "bundlePolicy": "max-bundle"
  })");
  CHECK(configuration.toJson() == expected);

  Configuration copy = configuration;
  CHECK(copy == configuration);
  copy.iceServers[1].credential = "other";
  CHECK_FALSE(copy == configuration);
}

TEST_CASE("DataChannelInit toJson leaves unset members out") {
  CHECK(DataChannelInit{}.toJson() ==
        json::parse(R"({"ordered":true,"protocol":"","negotiated":false})"));

  DataChannelInit init;
  init.ordered = false;
  init.maxRetransmits = 0;
  init.protocol = "chat";
  init.negotiated = true;
  init.id = 7;
  CHECK(init.toJson() == json::parse(R"({"ordered":false,"maxRetransmits":0,"protocol":"chat",
                                         "negotiated":true,"id":7})"));
}

TEST_CASE("DataChannelInit validate reports what createDataChannel rejects") {
  struct Row {
    const char* name;
    DataChannelInit init;
    const char* expectedProblem; // nullptr: valid
  };
  auto make = [](auto change) {
    DataChannelInit init;
    change(init);
    return init;
  };
  const Row rows[] = {
      {"defaults", {}, nullptr},
      {"unordered with retries", make([](auto& i) {
         i.ordered = false;
         i.maxRetransmits = 3;
       }),
       nullptr},
      {"lifetime only", make([](auto& i) { i.maxPacketLifeTime = 500; }), nullptr},
      {"both limits", make([](auto& i) {
         i.maxRetransmits = 3;
         i.maxPacketLifeTime = 500;
       }),
       "maxRetransmits and maxPacketLifeTime"},
      {"negotiated without id", make([](auto& i) { i.negotiated = true; }), "needs an id"},
      {"negotiated with id 0", make([](auto& i) {
         i.negotiated = true;
         i.id = 0;
       }),
       nullptr},
      {"negotiated with id 65535", make([](auto& i) {
         i.negotiated = true;
         i.id = 65535;
       }),
       "65535"},
      {"id without negotiated is ignored", make([](auto& i) { i.id = 65535; }), nullptr},
      {"protocol too long", make([](auto& i) { i.protocol = std::string(65536, 'p'); }),
       "protocol"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    const auto problem = row.init.validate();
    if (row.expectedProblem == nullptr) {
      CHECK_FALSE(problem.has_value());
    } else {
      REQUIRE(problem.has_value());
      CHECK(problem->starts_with("TypeError: "));
      CHECK(problem->find(row.expectedProblem) != std::string::npos);
    }
  }
}
