// What a stranger on the LAN can try: another site's page opening /ws, joining a room without
// a token, an open redirect; and the query string tokens travel in.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "room_token.hpp"
#include "server_process.hpp"
#include "temp_web_root.hpp"
#include "test_clients.hpp"

using namespace rtclab::server_test;
namespace protocol = rtclab::protocol;
namespace server = rtclab::server;

namespace {

constexpr const char* kSecret = "test-secret-0123456789abcdef";

// A secret file beside the web root, for --token-secret-file.
std::string writeSecretFile(const TempWebRoot& web) {
  const auto path = web.root().parent_path() / "token-secret";
  std::ofstream(path) << kSecret << "\n";
  return path.string();
}

std::int64_t unixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// `rtclab-server token ...`, as a learner would run it.
std::string tokenFromCommandLine(const std::string& secretFile, const std::string& room) {
  const std::string command = std::string(std::getenv("RTCLAB_SERVER")) + " token --room " + room +
                              " --ttl 1h --token-secret-file " + secretFile;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char line[2048] = {};
  const bool gotLine = std::fgets(line, sizeof line, pipe) != nullptr;
  CHECK(pclose(pipe) == 0);
  REQUIRE(gotLine);
  std::string token(line);
  while (!token.empty() && token.back() == '\n')
    token.pop_back();
  return token;
}

// The error code a join with `token` gets, as its wire string (the test fails if it gets none).
std::string joinRefusal(WsClient& client, const std::string& room, const std::string& token) {
  client.send(protocol::Join{.room = room, .token = token});
  return std::string(protocol::toString(client.expect<protocol::Error>().code));
}

} // namespace

TEST_CASE("ws-target-with-query") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  WsClient client(server.port(), {.target = "/ws?token=abc&v=1"});
  CHECK_FALSE(client.join("demo").empty());
  CHECK(upgradeStatus(server.port(), "/wsx?a=1", "") == 404);
}

TEST_CASE("http-no-open-redirect") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  auto response = httpRequest(server.port(), http::verb::get, "//labs");
  CHECK(response.result() == http::status::moved_permanently);
  CHECK(response[http::field::location] == "/labs/");
}

TEST_CASE("ws-origin-check") {
  TempWebRoot web;
  ServerProcess server(web.root().string(), {"--allowed-origin", "http://lab.example:3000"});
  const std::string self = "http://127.0.0.1:" + std::to_string(server.port());
  CHECK(upgradeStatus(server.port(), "/ws", self) == 101);
  CHECK(upgradeStatus(server.port(), "/ws", "") == 101); // not a browser page
  CHECK(upgradeStatus(server.port(), "/ws", "http://lab.example:3000") == 101);
  CHECK(upgradeStatus(server.port(), "/ws", "http://evil.example") == 403);
  CHECK(upgradeStatus(server.port(), "/ws", "null") == 403);
  CHECK(upgradeStatus(server.port(), "/ws", "http://127.0.0.1:1") == 403);
  WsClient browserLike(server.port(), {.origin = self});
  CHECK_FALSE(browserLike.join("demo").empty());
  CHECK(server.log().find("reason=origin origin=http://evil.example") != std::string::npos);
}

TEST_CASE("ws-room-tokens") {
  TempWebRoot web;
  const std::string secretFile = writeSecretFile(web);
  ServerProcess server(web.root().string(), {"--token-secret-file", secretFile});
  const std::string valid = tokenFromCommandLine(secretFile, "demo");

  WsClient stranger(server.port());
  CHECK(joinRefusal(stranger, "demo", "") == "bad-token");
  const std::int64_t now = unixNow();
  CHECK(joinRefusal(stranger, "demo", server::makeRoomToken({"demo", "", now - 1}, kSecret)) ==
        "bad-token");                                          // expired
  CHECK(joinRefusal(stranger, "other", valid) == "bad-token"); // wrong room
  std::string tampered = valid;
  tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
  CHECK(joinRefusal(stranger, "demo", tampered) == "bad-token");
  CHECK(joinRefusal(stranger, "demo", server::makeRoomToken({"demo", "", now + 60}, "guess")) ==
        "bad-token"); // another secret

  WsClient alice(server.port());
  alice.send(protocol::Join{.room = "demo", .token = valid});
  CHECK(alice.expect<protocol::Joined>().room == "demo");
  // The token may come in the WebSocket URL instead; a name in it becomes the display name.
  const std::string named = server::makeRoomToken({"demo", "bob", now + 60}, kSecret);
  WsClient bob(server.port(), {.target = "/ws?token=" + named});
  bob.send(protocol::Join{.room = "demo", .name = "mallory"});
  CHECK(bob.expect<protocol::Joined>().name == "bob");
  CHECK(alice.expect<protocol::PeerJoined>().name == "bob");

  const std::string log = server.log();
  CHECK(log.find("room-tokens=required") != std::string::npos);
  CHECK(log.find(kSecret) == std::string::npos);
  CHECK(log.find(valid) == std::string::npos);
  CHECK(log.find(valid.substr(3, 20)) == std::string::npos);
}
