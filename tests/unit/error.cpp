// errc is a std::error_code enum with its own category and a status for every value.
#include <expect100/error.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <system_error>

using namespace expect100;

TEST_CASE("errc converts to std::error_code in the expect100 category", "[error]") {
    const std::error_code ec = errc::content_length_with_transfer_encoding;
    CHECK(ec);
    CHECK(ec.category() == error_category());
    CHECK(std::string(ec.category().name()) == "expect100");
    CHECK(ec == errc::content_length_with_transfer_encoding);
    CHECK(ec != errc::invalid_content_length);
    CHECK_FALSE(std::error_code{});
}

TEST_CASE("every errc has a distinct name - a message and a status", "[error]") {
    std::set<std::string> names;
    std::set<std::string> messages;
    const int first = static_cast<int>(errc::whitespace_before_colon);
    const int last = static_cast<int>(errc::connection_specific_field);  // the last code
    for (int v = first; v <= last; ++v) {
        const auto e = static_cast<errc>(v);
        names.insert(std::string(to_string(e)));
        messages.insert(make_error_code(e).message());
        const auto status = suggested_status(e);
        CHECK((status == 400 || status == 500 || status == 502 || status == 505));
    }
    CHECK(names.size() == static_cast<std::size_t>(last - first + 1));
    CHECK(messages.size() == names.size());
    CHECK(names.count("unknown") == 0);
    CHECK(make_error_code(static_cast<errc>(200)).message() == "unknown expect100 error");
}
