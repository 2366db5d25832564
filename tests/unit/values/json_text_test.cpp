// toJsonText: the JSON text handed to JavaScript (Module.labState()) never throws on bad UTF-8.
#include "rtclab/json_text.hpp"

#include <doctest/doctest.h>

TEST_CASE("invalid UTF-8 becomes U+FFFD instead of an exception") {
  const nlohmann::json state = {{"message", std::string("ok \xff\xc3 end")}};
  CHECK_THROWS_AS((void)state.dump(), nlohmann::json::type_error); // what labState() used to do
  CHECK(rtclab::toJsonText(state) == "{\"message\":\"ok \xEF\xBF\xBD\xEF\xBF\xBD end\"}");
}

TEST_CASE("valid text is written exactly as dump() writes it, non-ASCII included") {
  const nlohmann::json state = {{"label", "카메라 1"}, {"n", 3}, {"list", {1, "two"}}};
  CHECK(rtclab::toJsonText(state) == state.dump());
  CHECK(nlohmann::json::parse(rtclab::toJsonText(state)) == state);
}
