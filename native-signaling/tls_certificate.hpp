// The certificate `rtclab-server --tls` serves: the learner's own (--cert/--key), or one made
// here on first use, self-signed, so a phone or a second laptop on the LAN gets a secure context
// (getUserMedia needs one anywhere but localhost). docs/security.md, "LAN use over TLS", says
// what the browser's warning means and how to check the fingerprint logged at start.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rtclab::server {

struct TlsFiles {
  std::filesystem::path certificate; // PEM
  std::filesystem::path key;         // PEM, private: written with mode 0600
};

struct TlsCertificate {
  bool generated = false;
  std::string sha256Fingerprint; // "AB:CD:...", as browsers show it in the certificate viewer
};

// The names a generated certificate is for: localhost, 127.0.0.1 and ::1, plus `hostName`
// (and `hostName`.local, the name phones find over mDNS) when it is a usable DNS name.
std::vector<std::string> subjectAltNamesFor(std::string_view hostName);

// Writes a new self-signed certificate (EC P-256, SHA-256, valid one year) and its key, creating
// the folders (0700). Throws std::runtime_error naming the step that failed.
void generateSelfSignedCertificate(const TlsFiles& files, std::string_view hostName);

// Uses the files as they are when both exist; generates both when neither does. Throws when
// only one exists (a certificate without its key, or the reverse, is never overwritten).
TlsCertificate ensureTlsCertificate(const TlsFiles& files, std::string_view hostName);

// The SHA-256 fingerprint of the first certificate of a PEM file; throws if there is none.
std::string certificateFingerprint(const std::filesystem::path& certificate);

// This machine's host name (gethostname), "" if unknown.
std::string localHostName();

} // namespace rtclab::server
