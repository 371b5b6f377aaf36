// A consumer of the Beast adapters: a request head parsed into the facts a machine needs.
// Exits 0 when the facts are right.
#include <expect100/beast/head_parser.hpp>

#include <boost/asio/buffer.hpp>

#include <string_view>

int main() {
    expect100::beast::head_record record;
    expect100::beast::request_head_parser parser(record);
    constexpr std::string_view head =
        "PUT /up HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n";
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(head.data(), head.size()), ec);
    if (ec || !parser.is_header_done()) return 1;
    return parser.facts().expects_continue() && parser.facts().content_length == 3 ? 0 : 1;
}
