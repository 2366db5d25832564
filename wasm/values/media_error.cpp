#include "rtclab/media_error.hpp"

#include <array>
#include <utility>

namespace rtclab {
namespace {

struct NameAndKind {
  std::string_view name;
  MediaErrorKind kind;
};

// Standard names first (they are also what toString() returns), then legacy Chrome names.
constexpr std::array kNames{
    NameAndKind{"NotAllowedError", MediaErrorKind::NotAllowed},
    NameAndKind{"NotFoundError", MediaErrorKind::NotFound},
    NameAndKind{"OverconstrainedError", MediaErrorKind::Overconstrained},
    NameAndKind{"NotReadableError", MediaErrorKind::NotReadable},
    NameAndKind{"SecurityError", MediaErrorKind::Security},
    NameAndKind{"TypeError", MediaErrorKind::Type},
    NameAndKind{"AbortError", MediaErrorKind::Abort},
    NameAndKind{"InvalidStateError", MediaErrorKind::InvalidState},
    NameAndKind{"PermissionDeniedError", MediaErrorKind::NotAllowed},
    NameAndKind{"DevicesNotFoundError", MediaErrorKind::NotFound},
    NameAndKind{"ConstraintNotSatisfiedError", MediaErrorKind::Overconstrained},
    NameAndKind{"TrackStartError", MediaErrorKind::NotReadable},
};

} // namespace

MediaErrorKind mediaErrorKindFromName(std::string_view domExceptionName) {
  for (const auto& entry : kNames) {
    if (entry.name == domExceptionName) {
      return entry.kind;
    }
  }
  return MediaErrorKind::Unknown;
}

std::string_view toString(MediaErrorKind kind) {
  for (const auto& entry : kNames) {
    if (entry.kind == kind) {
      return entry.name;
    }
  }
  return "Error";
}

MediaError makeMediaError(std::string_view name, std::string message, std::string constraint) {
  return {mediaErrorKindFromName(name), std::string(name), std::move(message),
          std::move(constraint)};
}

MediaErrorExplanation explain(const MediaError& error) {
  switch (error.kind) {
  case MediaErrorKind::NotAllowed:
    return {"The permission prompt was refused (by you, by a saved site setting, or by the "
            "browser's policy), so the page may not use the camera or microphone.",
            "Click the camera icon in the address bar (or Site settings > Camera/Microphone), "
            "choose Allow, then press Start again. Browsers only ask on HTTPS or localhost."};
  case MediaErrorKind::NotFound:
    return {"No camera or microphone of the requested kind is connected or enabled.",
            "Plug in a device, check that the OS has not disabled it, or ask for fewer kinds "
            "(for example audio only)."};
  case MediaErrorKind::Overconstrained:
    return {"No device can satisfy an exact constraint" +
                (error.constraint.empty() ? std::string(".") : " (" + error.constraint + ")."),
            "Use `ideal` instead of `exact`, or pick a resolution, frame rate or device the "
            "hardware supports."};
  case MediaErrorKind::NotReadable:
    return {"The device exists but could not be opened: another application or tab is probably "
            "using it, or the OS blocked it.",
            "Close other apps that use the camera (video calls, other tabs), then try again."};
  case MediaErrorKind::Security:
    return {"Media capture is disabled for this document (an insecure context, or a "
            "permissions policy of an embedding page).",
            "Serve the page over HTTPS or from http://localhost; in an iframe, allow "
            "camera/microphone in its `allow` attribute."};
  case MediaErrorKind::Type:
    return {"The request itself is invalid: both video and audio are off, or "
            "navigator.mediaDevices does not exist because the page is not a secure context.",
            "Ask for at least one kind. getUserMedia needs HTTPS, except on localhost."};
  case MediaErrorKind::Abort:
    return {"The browser or OS stopped the device from starting for a reason it does not name.",
            "Try again; if it persists, restart the browser or check the OS privacy settings."};
  case MediaErrorKind::InvalidState:
    return {"The page is not fully active (for example, it is in the back/forward cache).",
            "Reload the page and try again."};
  case MediaErrorKind::Unknown:
    break;
  }
  return {"The browser reported an unexpected error: " + error.name + ".",
          "See the message, and chrome://webrtc-internals or about:webrtc for details."};
}

} // namespace rtclab
