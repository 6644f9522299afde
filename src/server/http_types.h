// The HTTP message types the server's pieces pass around (Boost.Beast, string bodies).
#pragma once
#include <boost/beast/http.hpp>

namespace shoal {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

}  // namespace shoal
