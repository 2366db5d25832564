// media_error.hpp: why getUserMedia() (or a track) failed, as a typed value.
//
// The browser rejects with a DOMException whose *name* says what happened. MediaError keeps
// that name (and message, and for OverconstrainedError the constraint) so a lab can explain it
// the way the guide's common problem 3 (미디어 권한 거부) and security note (HTTPS 필수) do.
// Pure C++: tested natively.
// MDN: https://developer.mozilla.org/en-US/docs/Web/API/MediaDevices/getUserMedia#exceptions
#pragma once

#include <string>
#include <string_view>

namespace rtclab {

enum class MediaErrorKind {
  NotAllowed,      // NotAllowedError: the user or the browser refused the permission
  NotFound,        // NotFoundError: no device of the requested kind
  Overconstrained, // OverconstrainedError: no device can meet an `exact` constraint
  NotReadable,     // NotReadableError: the device exists but could not be opened (in use)
  Security,        // SecurityError: media is disabled for this document
  Type,            // TypeError: empty constraints, or not a secure context (no mediaDevices)
  Abort,           // AbortError: something else stopped the device from being used
  InvalidState,    // InvalidStateError: the document is not fully active
  Unknown,         // anything else: the name is kept in MediaError::name
};

struct MediaError {
  MediaErrorKind kind = MediaErrorKind::Unknown;
  std::string name;       // the DOMException name as the browser gave it
  std::string message;    // the browser's message
  std::string constraint; // OverconstrainedError only: which constraint could not be met

  bool operator==(const MediaError&) const = default;
};

// The kind for a DOMException name, including the pre-standard names older Chrome used
// (PermissionDeniedError, DevicesNotFoundError, TrackStartError, ConstraintNotSatisfiedError).
MediaErrorKind mediaErrorKindFromName(std::string_view domExceptionName);

// The standard DOMException name of a kind ("NotAllowedError"); "Error" for Unknown.
std::string_view toString(MediaErrorKind kind);

MediaError makeMediaError(std::string_view name, std::string message, std::string constraint = {});

// What a learner should read next to the error: what it means and what to do about it.
struct MediaErrorExplanation {
  std::string meaning;
  std::string remedy;
};
MediaErrorExplanation explain(const MediaError& error);

} // namespace rtclab
