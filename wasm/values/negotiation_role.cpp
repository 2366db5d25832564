#include "rtclab/negotiation_role.hpp"

namespace rtclab {

std::string_view toString(NegotiationRole role) {
  return role == NegotiationRole::Polite ? "polite" : "impolite";
}

NegotiationRoleResult chooseNegotiationRole(std::string_view localId, std::string_view remoteId) {
  if (localId.empty() || remoteId.empty()) {
    return {NegotiationRole::Impolite, "a participant id is empty: no role can be derived from it"};
  }
  // string_view::compare uses char_traits<char>, which compares as unsigned char: the order of
  // "é" against "z" is the same whether char is signed (x86, wasm) or not (ARM).
  const int order = localId.compare(remoteId);
  if (order == 0) {
    return {NegotiationRole::Impolite,
            "both participants have the id '" + std::string(localId) +
                "': both would take the same role, so glare could never resolve"};
  }
  return {order > 0 ? NegotiationRole::Polite : NegotiationRole::Impolite, std::nullopt};
}

} // namespace rtclab
