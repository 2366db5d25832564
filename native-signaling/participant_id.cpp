#include "participant_id.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace rtclab::server {
namespace {

// Domain separation: a hash of the bare secret could equal a hash the secret's holder uses
// elsewhere; this label makes the id mean "rtclab participant" and nothing else.
constexpr std::string_view kLabel = "rtclab participant id\n";
constexpr std::size_t kIdHexDigits = 20;

} // namespace

std::string participantIdFor(std::string_view secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digestLength = 0;
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  const bool ok = context && EVP_DigestInit_ex(context, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(context, kLabel.data(), kLabel.size()) == 1 &&
                  EVP_DigestUpdate(context, secret.data(), secret.size()) == 1 &&
                  EVP_DigestFinal_ex(context, digest, &digestLength) == 1;
  EVP_MD_CTX_free(context);
  if (!ok || digestLength * 2 < kIdHexDigits)
    throw std::runtime_error("SHA-256 is not available from OpenSSL");

  constexpr char kHex[] = "0123456789abcdef";
  std::string id(kParticipantIdPrefix);
  for (std::size_t i = 0; i < kIdHexDigits / 2; ++i) {
    id.push_back(kHex[digest[i] >> 4]);
    id.push_back(kHex[digest[i] & 0x0f]);
  }
  return id;
}

} // namespace rtclab::server
