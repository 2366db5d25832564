#include "rtclab/media_error.hpp"

#include <doctest/doctest.h>

#include <string>

using rtclab::MediaErrorKind;

TEST_CASE("DOMException names map to kinds and back") {
  struct Row {
    const char* name;
    MediaErrorKind kind;
  };
  const Row rows[] = {
      {"NotAllowedError", MediaErrorKind::NotAllowed},
      {"NotFoundError", MediaErrorKind::NotFound},
      {"OverconstrainedError", MediaErrorKind::Overconstrained},
      {"NotReadableError", MediaErrorKind::NotReadable},
      {"SecurityError", MediaErrorKind::Security},
      {"TypeError", MediaErrorKind::Type},
      {"AbortError", MediaErrorKind::Abort},
      {"InvalidStateError", MediaErrorKind::InvalidState},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    CHECK(rtclab::mediaErrorKindFromName(row.name) == row.kind);
    CHECK(std::string(rtclab::toString(row.kind)) == row.name);
  }
}

TEST_CASE("legacy Chrome names are understood") {
  CHECK(rtclab::mediaErrorKindFromName("PermissionDeniedError") == MediaErrorKind::NotAllowed);
  CHECK(rtclab::mediaErrorKindFromName("DevicesNotFoundError") == MediaErrorKind::NotFound);
  CHECK(rtclab::mediaErrorKindFromName("ConstraintNotSatisfiedError") ==
        MediaErrorKind::Overconstrained);
  CHECK(rtclab::mediaErrorKindFromName("TrackStartError") == MediaErrorKind::NotReadable);
}

TEST_CASE("an unknown name keeps its text and is still explained") {
  auto error = rtclab::makeMediaError("WeirdError", "something odd");
  CHECK(error.kind == MediaErrorKind::Unknown);
  CHECK(error.name == "WeirdError");
  CHECK(rtclab::explain(error).meaning.find("WeirdError") != std::string::npos);
  CHECK(std::string(rtclab::toString(MediaErrorKind::Unknown)) == "Error");
}

TEST_CASE("NotAllowedError is explained with how to re-allow the permission") {
  auto e = rtclab::makeMediaError("NotAllowedError", "Permission denied");
  auto explanation = rtclab::explain(e);
  CHECK(explanation.meaning.find("permission") != std::string::npos);
  CHECK(explanation.remedy.find("Allow") != std::string::npos);
}

TEST_CASE("OverconstrainedError names the constraint; TypeError mentions HTTPS") {
  auto over = rtclab::makeMediaError("OverconstrainedError", "", "width");
  CHECK(over.constraint == "width");
  CHECK(rtclab::explain(over).meaning.find("(width)") != std::string::npos);
  auto type = rtclab::makeMediaError("TypeError", "");
  CHECK(rtclab::explain(type).remedy.find("HTTPS") != std::string::npos);
}

TEST_CASE("every kind has a distinct explanation") {
  const MediaErrorKind kinds[] = {MediaErrorKind::NotAllowed,      MediaErrorKind::NotFound,
                                  MediaErrorKind::Overconstrained, MediaErrorKind::NotReadable,
                                  MediaErrorKind::Security,        MediaErrorKind::Type,
                                  MediaErrorKind::Abort,           MediaErrorKind::InvalidState};
  for (auto a : kinds) {
    for (auto b : kinds) {
      if (a != b) {
        CHECK(rtclab::explain({a, "", "", ""}).meaning != rtclab::explain({b, "", "", ""}).meaning);
      }
    }
  }
}
