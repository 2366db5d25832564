// TURN credentials in joined (docs/signaling-protocol.md, "STUN and TURN servers"): the real
// server, given coturn's shared secret in a file, hands each participant credentials for its own
// peer id, which the test checks the way coturn does: HMAC-SHA1 recomputed with OpenSSL here.
#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "server_process.hpp"
#include "temp_web_root.hpp"
#include "test_clients.hpp"

using namespace rtclab::server_test;
namespace protocol = rtclab::protocol;

namespace {

constexpr const char* kTurnSecret = "turn-secret-0123456789abcdef";

std::string writeTurnSecretFile(const TempWebRoot& web) {
  const auto path = web.root().parent_path() / "turn-secret";
  std::ofstream(path) << kTurnSecret << "\n";
  return path.string();
}

std::int64_t unixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What coturn computes for a username under use-auth-secret, written here without the
// server's code: base64(HMAC-SHA1(secret, username)).
std::string expectedCredential(const std::string& username) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int macLength = 0;
  HMAC(EVP_sha1(), kTurnSecret, static_cast<int>(std::string(kTurnSecret).size()),
       reinterpret_cast<const unsigned char*>(username.data()), username.size(), mac, &macLength);
  unsigned char text[64] = {};
  const int textLength = EVP_EncodeBlock(text, mac, static_cast<int>(macLength));
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(textLength));
}

} // namespace

TEST_CASE("ws-turn-credentials") {
  TempWebRoot web;
  const std::string secretFile = writeTurnSecretFile(web);
  ServerProcess server(web.root().string(),
                       {"--turn-url", "stun:127.0.0.1:3478", "--turn-url",
                        "turn:127.0.0.1:3478?transport=udp", "--turn-url",
                        "turn:127.0.0.1:3478?transport=tcp", "--turn-secret-file", secretFile,
                        "--turn-credential-lifetime", "600"});
  WsClient alice(server.port());
  const std::int64_t before = unixNow();
  alice.send(protocol::Join{.room = "demo", .name = "alice"});
  const auto joined = alice.expect<protocol::Joined>();
  const std::int64_t after = unixNow();

  REQUIRE(joined.iceServers.size() == 2);
  CHECK(joined.iceServers[0] == protocol::IceServer{{"stun:127.0.0.1:3478"}});
  const protocol::IceServer& turn = joined.iceServers[1];
  CHECK(turn.urls == std::vector<std::string>{"turn:127.0.0.1:3478?transport=udp",
                                              "turn:127.0.0.1:3478?transport=tcp"});
  REQUIRE(joined.iceServersExpireAt.has_value());
  const auto expiresAt = static_cast<std::int64_t>(*joined.iceServersExpireAt);
  CHECK(expiresAt >= before + 600);
  CHECK(expiresAt <= after + 600);
  CHECK(turn.username == std::to_string(expiresAt) + ":" + joined.peer);
  CHECK(turn.credential == expectedCredential(turn.username));

  // Each participant gets its own, for its own id.
  WsClient bob(server.port());
  bob.send(protocol::Join{.room = "demo", .name = "bob"});
  const auto bobJoined = bob.expect<protocol::Joined>();
  REQUIRE(bobJoined.iceServers.size() == 2);
  CHECK(bobJoined.iceServers[1].username.ends_with(":" + bobJoined.peer));
  CHECK(bobJoined.iceServers[1].credential == expectedCredential(bobJoined.iceServers[1].username));
  CHECK(alice.expect<protocol::PeerJoined>().peer == bobJoined.peer); // and no credentials

  const std::string log = server.log();
  CHECK(log.find("ice-servers=3") != std::string::npos);
  CHECK(log.find("turn-credentials-expire-at=") != std::string::npos);
  CHECK(log.find(kTurnSecret) == std::string::npos);
  CHECK(log.find(turn.credential) == std::string::npos);
}

TEST_CASE("ws-no-ice-servers-without-turn-flags") {
  TempWebRoot web;
  ServerProcess server(web.root().string());
  WsClient alice(server.port());
  alice.send(protocol::Join{.room = "demo"});
  const std::optional<std::string> text = alice.receiveText();
  REQUIRE(text.has_value());
  CHECK(text->find("\"joined\"") != std::string::npos);
  CHECK(text->find("iceServers") == std::string::npos);
  CHECK(text->find("iceServersExpireAt") == std::string::npos);
}

TEST_CASE("turn-secret-file-unreadable-refuses-to-start") {
  TempWebRoot web;
  const auto empty = web.root().parent_path() / "empty-secret";
  std::ofstream(empty) << "\n";
  const auto stderrPath = web.root().parent_path() / "stderr.txt";
  for (const std::string& secretFile :
       {(web.root().parent_path() / "no-such-file").string(), empty.string()}) {
    CAPTURE(secretFile);
    const std::string command = std::string(std::getenv("RTCLAB_SERVER")) + " --port 0 --web " +
                                web.root().string() +
                                " --turn-url turn:127.0.0.1:3478 --turn-secret-file " + secretFile +
                                " 2>" + stderrPath.string() + " >/dev/null";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    std::stringstream stderrText;
    stderrText << std::ifstream(stderrPath).rdbuf();
    CHECK(stderrText.str().find("cannot read a secret from '" + secretFile + "'") !=
          std::string::npos);
    CHECK(stderrText.str().find("--turn-secret-file") != std::string::npos);
  }
}
