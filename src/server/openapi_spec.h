// The OpenAPI 3.0 description of the HTTP API (src/server/openapi.json), served at
// GET /v1/openapi.json without a token (it describes the API's shape, never data).
// openapi_spec_test.cc sends a request to every documented operation, so a path listed
// there is a path the server routes.
#pragma once
#include <string>

namespace shoal {

const std::string& OpenApiJson();

}  // namespace shoal
