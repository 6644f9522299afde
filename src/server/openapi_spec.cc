#include "server/openapi_spec.h"

namespace shoal {

const std::string& OpenApiJson() {
  // src/server/openapi.json, embedded at configure time (CMakeLists.txt), so the served
  // document is exactly that file.
  static const std::string kSpec =
#include "server/openapi_json.inc"
      ;
  return kSpec;
}

}  // namespace shoal
