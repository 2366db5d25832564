#include "tls_certificate.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace rtclab::server {
namespace {

constexpr long kValiditySeconds = 365L * 24 * 60 * 60;
// A clock a little behind ours must not see a certificate from the future.
constexpr long kBackdateSeconds = 60L * 60;

template <auto Free> struct Deleter {
  template <typename T> void operator()(T* pointer) const { Free(pointer); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using Bignum = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

void check(bool ok, const char* step) {
  if (!ok)
    throw std::runtime_error(std::string("TLS certificate: ") + step + " failed");
}

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Created with `mode` from the start (not chmod-ed afterwards), so the key is never readable by
// others, not even for a moment.
File createFile(const std::filesystem::path& path, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0)
    throw std::system_error(errno, std::generic_category(), "cannot create " + path.string());
  ::fchmod(fd, mode); // O_CREAT's mode only applies to a new file
  File file(::fdopen(fd, "w"));
  if (!file) {
    ::close(fd);
    throw std::system_error(errno, std::generic_category(), "cannot open " + path.string());
  }
  return file;
}

void addExtension(X509* certificate, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  check(extension != nullptr, "making an extension");
  check(X509_add_ext(certificate, extension.get(), -1) == 1, "adding an extension");
}

bool isDnsName(std::string_view name) {
  if (name.empty() || name.size() > 253 || name.front() == '-' || name.front() == '.')
    return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '.'))
      return false;
  }
  return true;
}

} // namespace

std::vector<std::string> subjectAltNamesFor(std::string_view hostName) {
  std::vector<std::string> names{"DNS:localhost", "IP:127.0.0.1", "IP:::1"};
  if (isDnsName(hostName) && hostName != "localhost") {
    names.push_back("DNS:" + std::string(hostName));
    if (hostName.find('.') == std::string_view::npos)
      names.push_back("DNS:" + std::string(hostName) + ".local");
  }
  return names;
}

void generateSelfSignedCertificate(const TlsFiles& files, std::string_view hostName) {
  PKey key(EVP_EC_gen("P-256"));
  check(key != nullptr, "generating an EC P-256 key");

  Cert certificate(X509_new());
  check(certificate != nullptr, "X509_new");
  X509* x = certificate.get();
  check(X509_set_version(x, 2) == 1, "setting version 3");
  // A random serial: a browser that saw an older certificate from this folder (regenerated
  // after `rm -r .cache/tls`) must not take the new one for the same.
  Bignum serial(BN_new());
  check(serial && BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1,
        "making a serial number");
  check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x)) != nullptr,
        "setting the serial number");
  check(X509_gmtime_adj(X509_getm_notBefore(x), -kBackdateSeconds) != nullptr, "notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(x), kValiditySeconds) != nullptr, "notAfter");
  check(X509_set_pubkey(x, key.get()) == 1, "setting the public key");

  X509_NAME* name = X509_get_subject_name(x);
  const std::string commonName =
      "rtclab-server on " + (hostName.empty() ? std::string("localhost") : std::string(hostName));
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>("rtclab (self-signed)"),
                                   -1, -1, 0) == 1,
        "setting O");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(commonName.c_str()), -1,
                                   -1, 0) == 1,
        "setting CN");
  check(X509_set_issuer_name(x, name) == 1, "setting the issuer");

  std::string altNames;
  for (const std::string& entry : subjectAltNamesFor(hostName))
    altNames += (altNames.empty() ? "" : ",") + entry;
  // Browsers match the address bar against subjectAltName only (the CN is ignored).
  addExtension(x, NID_subject_alt_name, altNames);
  addExtension(x, NID_basic_constraints, "critical,CA:FALSE");
  addExtension(x, NID_key_usage, "critical,digitalSignature");
  addExtension(x, NID_ext_key_usage, "serverAuth");
  addExtension(x, NID_subject_key_identifier, "hash");
  check(X509_sign(x, key.get(), EVP_sha256()) > 0, "signing");

  std::error_code ec;
  for (const auto& path : {files.certificate, files.key}) {
    const auto folder = path.parent_path();
    if (folder.empty() || std::filesystem::exists(folder, ec))
      continue;
    std::filesystem::create_directories(folder, ec);
    if (ec)
      throw std::system_error(ec, "cannot create " + folder.string());
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all, ec);
  }
  {
    File keyFile = createFile(files.key, 0600);
    check(PEM_write_PrivateKey(keyFile.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
              1,
          "writing the key");
  }
  File certificateFile = createFile(files.certificate, 0644);
  check(PEM_write_X509(certificateFile.get(), x) == 1, "writing the certificate");
}

TlsCertificate ensureTlsCertificate(const TlsFiles& files, std::string_view hostName) {
  std::error_code ec;
  const bool haveCertificate = std::filesystem::exists(files.certificate, ec);
  const bool haveKey = std::filesystem::exists(files.key, ec);
  if (haveCertificate != haveKey)
    throw std::runtime_error("TLS: " + (haveCertificate ? files.key : files.certificate).string() +
                             " is missing but " +
                             (haveCertificate ? files.certificate : files.key).string() +
                             " exists; restore it, or remove both to make a new pair");
  TlsCertificate result;
  if (!haveCertificate) {
    generateSelfSignedCertificate(files, hostName);
    result.generated = true;
  }
  result.sha256Fingerprint = certificateFingerprint(files.certificate);
  return result;
}

std::string certificateFingerprint(const std::filesystem::path& certificate) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(certificate.c_str(), "r"));
  if (!file)
    throw std::system_error(errno, std::generic_category(), "cannot read " + certificate.string());
  Cert x(PEM_read_X509(file.get(), nullptr, nullptr, nullptr));
  if (!x)
    throw std::runtime_error("TLS: no PEM certificate in " + certificate.string());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  check(X509_digest(x.get(), EVP_sha256(), digest, &length) == 1, "hashing the certificate");
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    if (i > 0)
      text.push_back(':');
    text.push_back(kHex[digest[i] >> 4]);
    text.push_back(kHex[digest[i] & 0x0f]);
  }
  return text;
}

std::string localHostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0)
    return {};
  return name;
}

} // namespace rtclab::server
