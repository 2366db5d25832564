// The self-signed certificate of --tls: generated into a temporary folder, read back with
// OpenSSL (names, key pair, validity, file modes), kept as it is on the next start.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include "tls_certificate.hpp"

using namespace rtclab::server;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "rtclab-tls-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  fs::path path;
};

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PKeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

std::unique_ptr<X509, X509Free> readCertificate(const fs::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  REQUIRE(file != nullptr);
  std::unique_ptr<X509, X509Free> x(PEM_read_X509(file, nullptr, nullptr, nullptr));
  std::fclose(file);
  REQUIRE(x != nullptr);
  return x;
}

std::unique_ptr<EVP_PKEY, PKeyFree> readKey(const fs::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  REQUIRE(file != nullptr);
  std::unique_ptr<EVP_PKEY, PKeyFree> key(PEM_read_PrivateKey(file, nullptr, nullptr, nullptr));
  std::fclose(file);
  REQUIRE(key != nullptr);
  return key;
}

// "DNS:name" / "IP:a.b.c.d" for every subjectAltName entry.
std::set<std::string> altNames(X509* x) {
  std::set<std::string> names;
  auto* general =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x, NID_subject_alt_name, nullptr, nullptr));
  REQUIRE(general != nullptr);
  for (int i = 0; i < sk_GENERAL_NAME_num(general); ++i) {
    const GENERAL_NAME* entry = sk_GENERAL_NAME_value(general, i);
    if (entry->type == GEN_DNS) {
      const ASN1_STRING* dns = entry->d.dNSName;
      names.insert("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                                        static_cast<std::size_t>(ASN1_STRING_length(dns))));
    } else if (entry->type == GEN_IPADD && ASN1_STRING_length(entry->d.iPAddress) == 4) {
      const unsigned char* ip = ASN1_STRING_get0_data(entry->d.iPAddress);
      names.insert("IP:" + std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." +
                   std::to_string(ip[2]) + "." + std::to_string(ip[3]));
    } else if (entry->type == GEN_IPADD) {
      names.insert("IP:(v6)");
    }
  }
  GENERAL_NAMES_free(general);
  return names;
}

unsigned modeOf(const fs::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

} // namespace

TEST_CASE("a generated certificate names localhost, 127.0.0.1 and the host, and fits its key") {
  TempDir dir;
  const TlsFiles files{dir.path / "tls" / "cert.pem", dir.path / "tls" / "key.pem"};
  const TlsCertificate made = ensureTlsCertificate(files, "labhost");
  CHECK(made.generated);

  auto certificate = readCertificate(files.certificate);
  auto key = readKey(files.key);
  CHECK(X509_check_private_key(certificate.get(), key.get()) == 1);
  CHECK(EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_EC);
  CHECK(altNames(certificate.get()) == std::set<std::string>{"DNS:localhost", "IP:127.0.0.1",
                                                             "IP:(v6)", "DNS:labhost",
                                                             "DNS:labhost.local"});
  CHECK(X509_check_host(certificate.get(), "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(certificate.get(), "127.0.0.1", 0) == 1);
  CHECK(X509_check_ip_asc(certificate.get(), "::1", 0) == 1);
  // Self-signed: its own key verifies its signature.
  CHECK(X509_verify(certificate.get(), key.get()) == 1);
  CHECK(X509_check_purpose(certificate.get(), X509_PURPOSE_SSL_SERVER, 0) == 1);

  // Valid now and for about a year.
  std::time_t now = std::time(nullptr);
  std::time_t in364Days = now + 364L * 24 * 3600, in366Days = now + 366L * 24 * 3600;
  CHECK(X509_cmp_time(X509_get0_notBefore(certificate.get()), &now) < 0);
  CHECK(X509_cmp_time(X509_get0_notAfter(certificate.get()), &in364Days) > 0);
  CHECK(X509_cmp_time(X509_get0_notAfter(certificate.get()), &in366Days) < 0);

  CHECK(modeOf(files.key) == 0600);
  CHECK(modeOf(files.certificate) == 0644);
  CHECK(modeOf(dir.path / "tls") == 0700);

  // The fingerprint is SHA-256 over the DER encoding, written as browsers show it.
  unsigned char* der = nullptr;
  const int derLength = i2d_X509(certificate.get(), &der);
  REQUIRE(derLength > 0);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digestLength = 0;
  REQUIRE(EVP_Digest(der, static_cast<std::size_t>(derLength), digest, &digestLength, EVP_sha256(),
                     nullptr) == 1);
  OPENSSL_free(der);
  char expected[3 * EVP_MAX_MD_SIZE] = {};
  for (unsigned int i = 0; i < digestLength; ++i)
    std::snprintf(expected + 3 * i, 4, i + 1 < digestLength ? "%02X:" : "%02X", digest[i]);
  CHECK(made.sha256Fingerprint == std::string(expected));
  CHECK(made.sha256Fingerprint.size() == 32 * 3 - 1);
}

TEST_CASE("existing files are used as they are; one without the other is an error") {
  TempDir dir;
  const TlsFiles files{dir.path / "cert.pem", dir.path / "key.pem"};
  const TlsCertificate first = ensureTlsCertificate(files, "");
  const TlsCertificate again = ensureTlsCertificate(files, "");
  CHECK(first.generated);
  CHECK_FALSE(again.generated);
  CHECK(again.sha256Fingerprint == first.sha256Fingerprint);
  CHECK(altNames(readCertificate(files.certificate).get()) ==
        std::set<std::string>{"DNS:localhost", "IP:127.0.0.1", "IP:(v6)"});

  fs::remove(files.key);
  CHECK_THROWS_AS(ensureTlsCertificate(files, ""), std::runtime_error);
  CHECK(certificateFingerprint(files.certificate) == first.sha256Fingerprint); // not overwritten
}

TEST_CASE("subjectAltName entries: only usable host names are added") {
  CHECK(subjectAltNamesFor("") ==
        std::vector<std::string>{"DNS:localhost", "IP:127.0.0.1", "IP:::1"});
  CHECK(subjectAltNamesFor("lab.example.org").back() == "DNS:lab.example.org");
  CHECK(subjectAltNamesFor("localhost").size() == 3);
  CHECK(subjectAltNamesFor("bad host,DNS:evil").size() == 3);
}
