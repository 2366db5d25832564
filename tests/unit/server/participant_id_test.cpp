// Participant ids derived from secrets. The expected ids were computed outside this code:
//   printf 'rtclab participant id\n%s' SECRET | sha256sum | cut -c1-20
#include <doctest/doctest.h>

#include <string>

#include <rtclab/protocol/messages.hpp>

#include "participant_id.hpp"

using namespace rtclab::server;

TEST_CASE("participant ids: u- and 20 hex digits of the labelled SHA-256 of the secret") {
  CHECK(participantIdFor("abcdefghijklmnopqrstuv") == "u-8a072ab714ae5a564617");
  CHECK(participantIdFor("0123456789_-ABCDEFGHIJ") == "u-6ddff71c1530ff17f10b");
}

TEST_CASE("participant ids are stable, distinct per secret and valid peer ids") {
  const std::string secret = "abcdefghijklmnopqrstuv";
  CHECK(participantIdFor(secret) == participantIdFor(std::string(secret)));
  CHECK(participantIdFor(secret) != participantIdFor("abcdefghijklmnopqrstuw"));
  CHECK(participantIdFor(secret).size() == 22);
  CHECK(rtclab::protocol::isValidName(participantIdFor(secret)));
  // Never the secret itself, nor a prefix of it.
  CHECK(participantIdFor(secret).find("abcdef") == std::string::npos);
}
