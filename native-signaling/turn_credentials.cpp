#include "turn_credentials.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace rtclab::server {

std::string hmacSha1(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), length);
}

std::string base64Encode(std::string_view bytes) {
  // EVP_EncodeBlock writes 4 characters per 3 bytes (rounded up) and a terminating NUL.
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

TurnCredential issueTurnCredential(std::string_view secret, std::string_view peer, std::int64_t now,
                                   std::int64_t lifetimeSeconds) {
  const std::int64_t expiresAt = now + lifetimeSeconds;
  std::string username = std::to_string(expiresAt) + ":" + std::string(peer);
  std::string credential = base64Encode(hmacSha1(secret, username));
  return {std::move(username), std::move(credential), expiresAt};
}

IceUrlKind iceUrlKind(std::string_view url) {
  // The protocol's own check, so the server never sends a URL its clients would refuse.
  if (!protocol::isValidIceServerUrl(url))
    return IceUrlKind::invalid;
  return url.starts_with("stun") ? IceUrlKind::stun : IceUrlKind::turn;
}

IceServersGrant grantIceServers(const TurnSettings& settings, std::string_view peer,
                                std::int64_t now) {
  protocol::IceServer stun;
  protocol::IceServer turn;
  for (const std::string& url : settings.urls) {
    switch (iceUrlKind(url)) {
    case IceUrlKind::stun:
      stun.urls.push_back(url);
      break;
    case IceUrlKind::turn:
      turn.urls.push_back(url);
      break;
    case IceUrlKind::invalid:
      break; // refused by parseOptions already
    }
  }
  IceServersGrant grant;
  if (!stun.urls.empty())
    grant.servers.push_back(std::move(stun));
  if (!turn.urls.empty() && !settings.secret.empty()) {
    TurnCredential credential =
        issueTurnCredential(settings.secret, peer, now, settings.credentialLifetimeSeconds);
    turn.username = std::move(credential.username);
    turn.credential = std::move(credential.credential);
    grant.servers.push_back(std::move(turn));
    grant.expiresAt = credential.expiresAt;
  }
  return grant;
}

} // namespace rtclab::server
