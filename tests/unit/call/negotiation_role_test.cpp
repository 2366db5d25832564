#include <doctest/doctest.h>

#include <string>

#include "rtclab/negotiation_role.hpp"

using rtclab::chooseNegotiationRole;
using rtclab::NegotiationRole;

TEST_CASE("the participant with the greater id is polite, and the two sides always disagree") {
  struct Row {
    std::string local;
    std::string remote;
    NegotiationRole expected;
  };
  const Row rows[] = {
      {"bob", "alice", NegotiationRole::Polite},
      {"alice", "bob", NegotiationRole::Impolite},
      {"p10", "p9", NegotiationRole::Impolite}, // byte order, not numeric: '1' < '9'
      {"p9", "p10", NegotiationRole::Polite},
      {"ab", "a", NegotiationRole::Polite},      // a prefix sorts first
      {"Zed", "abe", NegotiationRole::Impolite}, // upper case sorts before lower case
      // Bytes above 0x7f (UTF-8) sort after ASCII even where char is signed.
      {"\xc3\xa9t\xc3\xa9", "zoe", NegotiationRole::Polite},
  };
  for (const Row& row : rows) {
    CAPTURE(row.local);
    CAPTURE(row.remote);
    const auto mine = chooseNegotiationRole(row.local, row.remote);
    const auto theirs = chooseNegotiationRole(row.remote, row.local);
    REQUIRE(mine.ok());
    REQUIRE(theirs.ok());
    CHECK(mine.role == row.expected);
    CHECK(theirs.role != mine.role);
  }
}

TEST_CASE("equal or empty ids are an error, not a role") {
  const auto same = chooseNegotiationRole("p1", "p1");
  CHECK_FALSE(same.ok());
  REQUIRE(same.error);
  CHECK(same.error->find("'p1'") != std::string::npos);
  CHECK_FALSE(chooseNegotiationRole("", "p1").ok());
  CHECK_FALSE(chooseNegotiationRole("p1", "").ok());
}

TEST_CASE("roles are spelled for the panel") {
  CHECK(toString(NegotiationRole::Polite) == "polite");
  CHECK(toString(NegotiationRole::Impolite) == "impolite");
}
