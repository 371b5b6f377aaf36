// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// The library's error codes, wired into <system_error>.
//
// House rules:
// - An errc value names a fault, never a normal outcome: waiting for a 100, an unknown
//   expectation or a missing Expect are verdicts (see expectation.hpp), not errors.
// - Every value says, in its comment, who is at fault and what the caller should do next;
//   suggested_status() is the one place that maps a fault to the status a server answers with.
#ifndef EXPECT100_ERROR_HPP
#define EXPECT100_ERROR_HPP

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace expect100 {

// Faults found in a message head are the peer's (remote) faults: a server answers with
// suggested_status() and closes the connection, because the framing of what follows cannot be
// trusted (RFC 9112 §6.3, §11.2 on request smuggling). A client or intermediary receiving such
// a response treats it as a failed exchange and closes.
enum class errc : std::uint8_t {
    // 1 so that a default-constructed std::error_code (value 0) keeps meaning success.
    whitespace_before_colon = 1,  // "Expect : x": RFC 9112 §5.1 (G-9) requires 400; never forward
    invalid_field_name,           // a field name that is not a token (RFC 9110 §5.1): 400
    invalid_field_value,         // NUL, bare CR/LF or another CTL but HTAB in any value (G-11): 400
    unsupported_http_version,    // not HTTP/1.x: answer 505 (RFC 9110 §15.6.6) and close
    invalid_status_code,         // a response status outside 100..999 (RFC 9110 §15): close
    invalid_content_length,      // not 1*DIGIT, or an empty list member (RFC 9110 §8.6): 400
    conflicting_content_length,  // several Content-Length values that differ (RFC 9112 §6.3 #5):
                                 // 400
    content_length_overflow,     // a length that does not fit 64 bits: 400
    content_length_with_transfer_encoding,  // both present: a smuggling shape (RFC 9112 §6.1): 400
    transfer_encoding_not_chunked_final,  // request TE whose last coding is not chunked (§6.3 #4):
                                          // 400
    chunked_applied_twice,                // "chunked, chunked" (RFC 9112 §7): 400
    invalid_transfer_encoding,  // a Transfer-Encoding list that does not parse (RFC 9112 §6.1): 400
    transfer_encoding_in_http_1_0,  // TE in an HTTP/1.0 message: faulty framing (RFC 9112 §6.1):
                                    // 400
    invalid_method,                 // a request method that is not a token (RFC 9112 §3): 400

    // Faults in the order of events fed to a role machine; the step says whose fault it is
    // (action.hpp, error_origin). A local fault (the caller's bug) leaves the machine's state
    // unchanged and the event ignored, with no action. A remote fault (the peer broke the
    // protocol) is answered as the step's actions say (a close; a server or intermediary may
    // write a status first) and the machine moves on accordingly, to closed for these.
    event_out_of_order,     // local: this event is not legal in the machine's state: fix the caller
    second_final_response,  // local: a final response was already started for this request
    body_beyond_framing,    // local: more request body bytes than Content-Length announced
    upgrade_before_request_body,  // local: 101 before the request body was read (RFC 9110 §7.8)
    malformed_expectation,     // remote: an Expect field that breaks its grammar, refused with 400
    response_without_request,  // remote: a response with no request outstanding (G-19): close
    interim_after_final,       // remote: a 1xx after the final response began (G-18): close
    premature_switching_protocols,  // remote: 101 before the request body was sent: close
    internal_transition,  // a bug in expect100: a move its own table lacks. Please report it
    // New codes go last, so that the values above stay stable.
    connection_specific_field,  // remote: Connection, Keep-Alive, Proxy-Connection,
                                // Transfer-Encoding, Upgrade (or TE but "trailers") in an HTTP/2
                                // message: malformed (RFC 9113 §8.2.2, H2-3); 400, stream reset
};

// The status a server (or an intermediary acting as one) answers a head fault with. Always
// followed by closing the connection.
constexpr std::uint16_t suggested_status(errc e) noexcept {
    switch (e) {
    case errc::unsupported_http_version: return 505;
    case errc::event_out_of_order:
    case errc::second_final_response:
    case errc::body_beyond_framing:
    case errc::upgrade_before_request_body:
    case errc::internal_transition: return 500;  // a bug on this side
    case errc::malformed_expectation: return 400;
    case errc::response_without_request:
    case errc::interim_after_final:
    case errc::premature_switching_protocols:
        return 502;  // only an intermediary answers these, toward its own client
    case errc::whitespace_before_colon:
    case errc::invalid_field_name:
    case errc::invalid_field_value:
    case errc::invalid_status_code:
    case errc::invalid_content_length:
    case errc::conflicting_content_length:
    case errc::content_length_overflow:
    case errc::content_length_with_transfer_encoding:
    case errc::transfer_encoding_not_chunked_final:
    case errc::chunked_applied_twice:
    case errc::invalid_transfer_encoding:
    case errc::transfer_encoding_in_http_1_0:
    case errc::invalid_method:
    case errc::connection_specific_field: return 400;
    }
    return 400;
}

// A short, stable, lower-case name: the enumerator's own name.
constexpr std::string_view to_string(errc e) noexcept {
    switch (e) {
    case errc::whitespace_before_colon: return "whitespace_before_colon";
    case errc::invalid_field_name: return "invalid_field_name";
    case errc::invalid_field_value: return "invalid_field_value";
    case errc::unsupported_http_version: return "unsupported_http_version";
    case errc::invalid_status_code: return "invalid_status_code";
    case errc::invalid_content_length: return "invalid_content_length";
    case errc::conflicting_content_length: return "conflicting_content_length";
    case errc::content_length_overflow: return "content_length_overflow";
    case errc::content_length_with_transfer_encoding:
        return "content_length_with_transfer_encoding";
    case errc::transfer_encoding_not_chunked_final: return "transfer_encoding_not_chunked_final";
    case errc::chunked_applied_twice: return "chunked_applied_twice";
    case errc::invalid_transfer_encoding: return "invalid_transfer_encoding";
    case errc::transfer_encoding_in_http_1_0: return "transfer_encoding_in_http_1_0";
    case errc::invalid_method: return "invalid_method";
    case errc::event_out_of_order: return "event_out_of_order";
    case errc::second_final_response: return "second_final_response";
    case errc::body_beyond_framing: return "body_beyond_framing";
    case errc::upgrade_before_request_body: return "upgrade_before_request_body";
    case errc::malformed_expectation: return "malformed_expectation";
    case errc::response_without_request: return "response_without_request";
    case errc::interim_after_final: return "interim_after_final";
    case errc::premature_switching_protocols: return "premature_switching_protocols";
    case errc::internal_transition: return "internal_transition";
    case errc::connection_specific_field: return "connection_specific_field";
    }
    return "unknown";
}

namespace detail {

class error_category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "expect100"; }

    std::string message(int value) const override { return describe(static_cast<errc>(value)); }

private:
    static std::string describe(errc e) {
        switch (e) {
        case errc::whitespace_before_colon:
            return "whitespace between a field name and its colon (RFC 9112 5.1)";
        case errc::invalid_field_name: return "field name is not a token (RFC 9110 5.1)";
        case errc::invalid_field_value:
            return "NUL, CR, LF or another control character in a field value (RFC 9110 5.5)";
        case errc::unsupported_http_version: return "HTTP version other than 1.x";
        case errc::invalid_status_code:
            return "response status code outside 100..999 (RFC 9110 15)";
        case errc::invalid_content_length:
            return "Content-Length is not a list of digits (RFC 9110 8.6)";
        case errc::conflicting_content_length: return "Content-Length values differ (RFC 9112 6.3)";
        case errc::content_length_overflow: return "Content-Length does not fit in 64 bits";
        case errc::content_length_with_transfer_encoding:
            return "both Content-Length and Transfer-Encoding (RFC 9112 6.1)";
        case errc::transfer_encoding_not_chunked_final:
            return "request Transfer-Encoding does not end in chunked (RFC 9112 6.3)";
        case errc::chunked_applied_twice:
            return "chunked transfer coding applied more than once (RFC 9112 7)";
        case errc::invalid_transfer_encoding:
            return "Transfer-Encoding does not parse as a list of codings (RFC 9112 6.1)";
        case errc::transfer_encoding_in_http_1_0:
            return "Transfer-Encoding in an HTTP/1.0 message (RFC 9112 6.1)";
        case errc::invalid_method: return "request method is not a token (RFC 9112 3)";
        case errc::event_out_of_order: return "event not allowed in the machine's current state";
        case errc::second_final_response:
            return "a final response was already started for this request";
        case errc::body_beyond_framing: return "more request body bytes than the framing announced";
        case errc::upgrade_before_request_body:
            return "101 before the request body was read (RFC 9110 7.8)";
        case errc::malformed_expectation: return "Expect field breaks the RFC 9110 10.1.1 grammar";
        case errc::response_without_request:
            return "a response arrived with no request outstanding (RFC 9112 9.2)";
        case errc::interim_after_final:
            return "an interim response after the final response (RFC 9110 15)";
        case errc::premature_switching_protocols: return "101 before the request body was sent";
        case errc::internal_transition:
            return "expect100 bug: a transition missing from the machine's table";
        case errc::connection_specific_field:
            return "connection-specific field in an HTTP/2 message (RFC 9113 8.2.2)";
        }
        return "unknown expect100 error";
    }
};

}  // namespace detail

// The one category instance. A function-local static: thread-safe, no heap allocation.
inline const std::error_category& error_category() noexcept {
    static const detail::error_category_impl category;
    return category;
}

// Found by ADL, so `std::error_code ec = errc::invalid_content_length;` works.
inline std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

}  // namespace expect100

template <>
struct std::is_error_code_enum<expect100::errc> : std::true_type {};

#endif  // EXPECT100_ERROR_HPP
