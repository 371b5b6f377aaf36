// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Message facts: what the role machines need to know about a request or response head, computed
// from any header representation through a small field visitor (name/value pairs, in order).
//
// Theory of operation
// -------------------
// An analyzer is fed the start line, then every field line of the header section in order
// (on_field), and finish() returns the facts: a small value with no pointer into the head. Only
// the fields that decide an Expect exchange are interpreted: Content-Length, Transfer-Encoding,
// Connection, Upgrade and Expect. Every other field is checked for a valid name and a value
// free of control characters (RFC 9110 §5.5, G-11).
//
// The framing follows RFC 9112 §6.3 exactly, and every request-smuggling shape is reported as
// `body_framing::invalid` with the fault in `fault`, never guessed: both Content-Length and
// Transfer-Encoding, Content-Length values that differ, a Content-Length that is not digits, a
// request Transfer-Encoding whose last coding is not chunked, chunked twice, Transfer-Encoding in
// HTTP/1.0. A head with a fault is answered with suggested_status(fault) and the connection is
// closed (error.hpp).
//
// Trailer fields are never fed to an analyzer: the facts are fixed once the header section ends
// (RFC 9110 §6.5.1, G-15). classify_trailer_field() tells what to do with one.
#ifndef EXPECT100_MESSAGE_HPP
#define EXPECT100_MESSAGE_HPP

#include <expect100/error.hpp>
#include <expect100/expectation.hpp>

#include <expect100/detail/ascii.hpp>
#include <expect100/detail/list.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <system_error>

namespace expect100 {

enum class http_version : std::uint8_t {
    http_1_0,  // HTTP/1.0: no 1xx may be sent to it (S-2), Expect is ignored (S-1)
    http_1_1,  // HTTP/1.1, and any higher 1.x minor (RFC 9112 §2.3: treat as the highest known)
    http_2,    // HTTP/2 (RFC 9113): set by an HTTP/2 adapter (nghttp2/), never parsed from a line
    unsupported,  // a version line that is not HTTP/1.x
};

// RFC 9110 §10.1.1 binds "an HTTP/1.1 (or later) request": Expect applies, a 1xx may be sent.
constexpr bool is_http_1_1_or_later(http_version v) noexcept {
    return v == http_version::http_1_1 || v == http_version::http_2;
}

constexpr http_version to_http_version(unsigned major, unsigned minor) noexcept {
    if (major != 1) {
        return http_version::unsupported;
    }
    return minor == 0 ? http_version::http_1_0 : http_version::http_1_1;
}

// Beast and several parsers encode the version as 10 * major + minor.
constexpr http_version to_http_version(unsigned version_number) noexcept {
    return to_http_version(version_number / 10U, version_number % 10U);
}

// The version token of a request or status line as it is written: "HTTP/1.1" (RFC 9112 §2.3:
// HTTP-name "/" DIGIT "." DIGIT, case-sensitive). Anything else is unsupported.
constexpr http_version to_http_version(std::string_view token) noexcept {
    const bool shaped = token.size() == 8 && token.substr(0, 5) == "HTTP/" && token[6] == '.' &&
                        token[5] >= '0' && token[5] <= '9' && token[7] >= '0' && token[7] <= '9';
    if (!shaped) {
        return http_version::unsupported;
    }
    return to_http_version(static_cast<unsigned>(token[5] - '0'),
                           static_cast<unsigned>(token[7] - '0'));
}

// The request methods whose meaning the machines need (retry rules, HEAD and CONNECT framing).
enum class request_method : std::uint8_t {
    get,
    head,
    post,
    put,
    delete_,
    connect,
    options,
    trace,
    patch,
    other,  // any extension method: treated as not idempotent
};

// Method names are case-sensitive (RFC 9110 §9.1).
constexpr request_method to_request_method(std::string_view name) noexcept {
    constexpr std::string_view names[] = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                          "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    for (std::size_t i = 0; i < sizeof(names) / sizeof(names[0]); ++i) {
        if (names[i] == name) {
            return static_cast<request_method>(i);
        }
    }
    return request_method::other;
}

// RFC 9110 §9.2.2: the methods a client may retry automatically (C-14) and a proxy may retry
// after an upstream failure (P-9 forbids it for the others).
constexpr bool is_idempotent(request_method m) noexcept {
    switch (m) {
    case request_method::get:
    case request_method::head:
    case request_method::put:
    case request_method::delete_:
    case request_method::options:
    case request_method::trace: return true;
    case request_method::post:
    case request_method::connect:
    case request_method::patch:
    case request_method::other: return false;
    }
    return false;
}

// How the message's content is delimited (RFC 9112 §6.3).
enum class body_framing : std::uint8_t {
    none,            // no content at all (a request without CL/TE; 1xx, 204, 304, HEAD responses)
    content_length,  // exactly `content_length` bytes (possibly 0)
    chunked,         // chunked transfer coding, ends with the last chunk and trailers
    until_close,     // a response delimited by the connection closing (§6.3 #7, #4)
    tunnel,          // a 2xx to CONNECT: the connection becomes a tunnel (§6.3 #2)
    end_of_stream,   // HTTP/2: content of a length not announced, ended by END_STREAM (RFC 9113
                     // §8.1); an HTTP/1.1 hop carries it chunked
    invalid,         // the framing cannot be trusted: see `fault`; answer 400 and close
};

enum class connection_intent : std::uint8_t {
    keep_alive,  // the connection may carry another message after this one
    close,       // the sender closes after this message (RFC 9112 §9.6)
};

enum class upgrade_intent : std::uint8_t {
    none,
    requested,  // Upgrade present and listed in Connection, on HTTP/1.1 (RFC 9110 §7.8)
};

enum class head_validity : std::uint8_t {
    valid,
    invalid,  // `fault` says why; the message must not be processed or forwarded
};

struct request_facts {
    request_method method = request_method::get;
    http_version version = http_version::http_1_1;
    body_framing framing = body_framing::none;
    std::uint64_t content_length = 0;  // meaningful when framing == content_length
    expectation expect;                // the verdict on every Expect line (expectation.hpp)
    connection_intent connection = connection_intent::keep_alive;
    upgrade_intent upgrade = upgrade_intent::none;
    head_validity validity = head_validity::valid;
    errc fault{};  // meaningful when validity == invalid

    constexpr bool valid() const noexcept { return validity == head_validity::valid; }

    // Whether the request announces content (C-1, S-5: "framing says there is none").
    constexpr bool has_content() const noexcept {
        return framing == body_framing::chunked || framing == body_framing::end_of_stream ||
               (framing == body_framing::content_length && content_length != 0);
    }

    // The one place of the rule "this request is owed a 100 or an early final status":
    // HTTP/1.1 or later (S-1 ignores it on 1.0), valid framing, content announced (S-5), and
    // the 100-continue expectation present (§10.1.1). Unknown members beside it are a
    // policy's business (S-11), not this rule's.
    constexpr bool expects_continue() const noexcept {
        return valid() && is_http_1_1_or_later(version) && has_content() && expect.has_continue();
    }

    std::error_code error() const noexcept {
        return valid() ? std::error_code{} : make_error_code(fault);
    }
};

// Facts about a response head (a 1xx as well as a final one).
enum class interim_framing_fields : std::uint8_t {
    absent,
    present,  // a 1xx carried Content-Length or Transfer-Encoding: ignored (G-16), never sent
              // (G-17)
};

struct response_facts {
    std::uint16_t status = 0;
    http_version version = http_version::http_1_1;
    body_framing framing = body_framing::none;
    std::uint64_t content_length = 0;
    connection_intent connection = connection_intent::keep_alive;
    interim_framing_fields interim_framing = interim_framing_fields::absent;
    head_validity validity = head_validity::valid;
    errc fault{};

    constexpr bool valid() const noexcept { return validity == head_validity::valid; }
    constexpr bool is_interim() const noexcept { return status >= 100 && status < 200; }
    // Only a final (non-1xx) status completes a request (C-15); 101 ends HTTP/1.1 on the
    // connection and is handled by the machines as final.
    constexpr bool is_final() const noexcept { return status >= 200 || status == 101; }

    std::error_code error() const noexcept {
        return valid() ? std::error_code{} : make_error_code(fault);
    }
};

// What to do with a field found in a trailer section.
enum class trailer_field_use : std::uint8_t {
    keep,            // may be kept (or merged, if the application knows the field allows it)
    ignore_control,  // a field that must be evaluated before the content (RFC 9110 §6.5.1):
                     // never merged into the header section, never acted on (G-15)
};

// Fields that frame, route, authenticate, modify or control a request, or describe the content
// format: RFC 9110 §6.5.1 and RFC 7230 §4.1.2 say a trailer copy of these is ignored.
constexpr trailer_field_use classify_trailer_field(std::string_view name) noexcept {
    constexpr std::string_view controls[] = {
        "expect",
        "content-length",
        "transfer-encoding",
        "trailer",
        "host",
        "connection",
        "upgrade",
        "te",
        "max-forwards",
        "cache-control",
        "pragma",
        "range",
        "authorization",
        "proxy-authorization",
        "content-type",
        "content-encoding",
        "content-range",
        "keep-alive",
        "proxy-connection",
        "set-cookie",
    };
    for (std::string_view control : controls) {
        if (detail::iequals(name, control)) {
            return trailer_field_use::ignore_control;
        }
    }
    return trailer_field_use::keep;
}

namespace detail {

// The interpretation of the header fields that requests and responses share.
class head_fields {
public:
    constexpr void on_field(std::string_view name, std::string_view value,
                            expect_analyzer* expect) noexcept {
        if (!check_name(name) || !check_value(value)) {
            return;
        }
        if (iequals(name, "content-length")) {
            on_content_length(value);
        } else if (iequals(name, "transfer-encoding")) {
            on_transfer_encoding(value);
        } else if (iequals(name, "connection")) {
            on_connection(value);
        } else if (iequals(name, "upgrade")) {
            if (!trim_ows(value).empty()) {
                upgrade_field_ = true;
            }
        } else if (expect != nullptr && iequals(name, "expect")) {
            expect->on_field_line(value);
        }
    }

    // A fault of the head itself (field names, values we interpret, version, status).
    constexpr void fail(errc e) noexcept {
        if (!field_faulty_) {
            field_faulty_ = true;
            field_fault_ = e;
        }
    }
    // A fault of Content-Length or Transfer-Encoding: moot when the message has no content
    // whatever those fields say (RFC 9112 §6.3 #1).
    constexpr void fail_framing(errc e) noexcept {
        if (!framing_faulty_) {
            framing_faulty_ = true;
            framing_fault_ = e;
        }
    }
    constexpr bool field_faulty() const noexcept { return field_faulty_; }
    constexpr bool faulty() const noexcept { return field_faulty_ || framing_faulty_; }
    constexpr errc fault() const noexcept { return field_faulty_ ? field_fault_ : framing_fault_; }
    constexpr bool has_content_length() const noexcept { return content_length_seen_; }
    constexpr std::uint64_t content_length() const noexcept { return content_length_; }
    constexpr bool has_transfer_encoding() const noexcept { return codings_ != 0; }
    constexpr bool chunked_last() const noexcept { return chunked_last_; }
    constexpr bool upgrade_offered() const noexcept { return upgrade_field_ && upgrade_option_; }

    // RFC 9112 §9.3: close if asked; otherwise 1.1 persists and 1.0 persists only on request.
    constexpr connection_intent connection(http_version v) const noexcept {
        if (close_option_) {
            return connection_intent::close;
        }
        if (v == http_version::http_1_1) {
            return connection_intent::keep_alive;
        }
        return keep_alive_option_ && v == http_version::http_1_0 ? connection_intent::keep_alive
                                                                 : connection_intent::close;
    }

    // The Transfer-Encoding checks shared by requests and responses, once every field is in.
    constexpr void check_framing(http_version v) noexcept {
        if (codings_ == 0) {
            return;
        }
        if (v == http_version::http_1_0) {  // RFC 9112 §6.1: faulty framing
            fail_framing(errc::transfer_encoding_in_http_1_0);
        } else if (content_length_seen_) {  // §6.1: "ought to be handled as an error"
            fail_framing(errc::content_length_with_transfer_encoding);
        } else if (chunked_count_ > 1) {  // §7: chunked at most once
            fail_framing(errc::chunked_applied_twice);
        }
    }

private:
    // Every value, interpreted or not: no control character but HTAB (RFC 9110 §5.5). NUL, CR
    // and LF must be refused or replaced (G-11); a value that ends in them can end a line for a
    // lenient parser further on, which reads the rest as a field of its own (smuggling).
    constexpr bool check_value(std::string_view value) noexcept {
        for (char c : value) {
            if (is_ctl(c)) {
                fail(errc::invalid_field_value);
                return false;
            }
        }
        return true;
    }

    constexpr bool check_name(std::string_view name) noexcept {
        if (!name.empty() && is_ows(name.back())) {  // "Expect : ..." (G-9)
            fail(errc::whitespace_before_colon);
            return false;
        }
        bool token = !name.empty();
        for (char c : name) {
            token = token && is_tchar(c);
        }
        if (!token) {
            fail(errc::invalid_field_name);
        }
        return token;
    }

    // @return whether the walk failed; `syntax` is reported through `report`.
    template <class Report>
    constexpr bool walk_failed(list_walk w, errc syntax, Report report) noexcept {
        switch (w) {
        case list_walk::complete:
        case list_walk::stopped: return false;
        case list_walk::control_character: fail(errc::invalid_field_value); return true;
        case list_walk::unterminated_quote:
        case list_walk::too_many_empty: report(syntax); return true;
        }
        return true;
    }

    // RFC 9110 §8.6: Content-Length = 1*DIGIT; a list of identical values may be accepted.
    constexpr void on_content_length(std::string_view value) noexcept {
        if (trim_ows(value).empty()) {
            fail_framing(errc::invalid_content_length);
            return;
        }
        const list_walk w = for_each_list_member(value, [this](std::string_view member) {
            std::uint64_t n = 0;
            for (char c : member) {
                if (!is_digit(c)) {
                    fail_framing(errc::invalid_content_length);
                    return false;
                }
                const auto digit = static_cast<std::uint64_t>(c - '0');
                if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10U) {
                    fail_framing(errc::content_length_overflow);
                    return false;
                }
                n = n * 10U + digit;
            }
            if (content_length_seen_ && n != content_length_) {
                fail_framing(errc::conflicting_content_length);
                return false;
            }
            content_length_seen_ = true;
            content_length_ = n;
            return true;
        });
        walk_failed(w, errc::invalid_content_length, [this](errc e) { fail_framing(e); });
    }

    // transfer-coding = token *( OWS ";" OWS transfer-parameter ) (RFC 9112 §7).
    constexpr void on_transfer_encoding(std::string_view value) noexcept {
        const list_walk w = for_each_list_member(value, [this](std::string_view member) {
            std::size_t n = 0;
            while (n < member.size() && is_tchar(member[n])) {
                ++n;
            }
            const std::string_view rest = trim_ows(member.substr(n));
            if (n == 0 || (!rest.empty() && rest.front() != ';')) {
                fail_framing(errc::invalid_transfer_encoding);
                return false;
            }
            ++codings_;
            chunked_last_ = iequals(member.substr(0, n), "chunked");
            if (chunked_last_) {
                ++chunked_count_;
            }
            return true;
        });
        if (!walk_failed(w, errc::invalid_transfer_encoding, [this](errc e) { fail_framing(e); }) &&
            codings_ == 0) {
            fail_framing(errc::invalid_transfer_encoding);  // "Transfer-Encoding:" with no coding
        }
    }

    // Connection = #connection-option (RFC 9110 §7.6.1).
    constexpr void on_connection(std::string_view value) noexcept {
        const list_walk w = for_each_list_member(value, [this](std::string_view option) {
            if (iequals(option, "close")) {
                close_option_ = true;
            } else if (iequals(option, "keep-alive")) {
                keep_alive_option_ = true;
            } else if (iequals(option, "upgrade")) {
                upgrade_option_ = true;
            }
            return true;
        });
        walk_failed(w, errc::invalid_field_value, [this](errc e) { fail(e); });
    }

    std::uint64_t content_length_ = 0;
    std::uint32_t codings_ = 0;
    std::uint32_t chunked_count_ = 0;
    errc field_fault_{};
    errc framing_fault_{};
    bool field_faulty_ = false;
    bool framing_faulty_ = false;
    bool content_length_seen_ = false;
    bool chunked_last_ = false;
    bool close_option_ = false;
    bool keep_alive_option_ = false;
    bool upgrade_option_ = false;
    bool upgrade_field_ = false;
};

// The one shape of a head that must not be processed or forwarded: its framing cannot be
// trusted, so the connection closes after the error response (RFC 9112 §6.3, §11.2).
template <class Facts>
constexpr void mark_invalid(Facts& f, errc fault) noexcept {
    f.validity = head_validity::invalid;
    f.fault = fault;
    f.framing = body_framing::invalid;
    f.connection = connection_intent::close;
}

}  // namespace detail

// Feeds a request head in: on_request_line once, then on_field for every header field line in
// order, then finish(). No allocation; the facts hold no pointer into the head.
class request_head_analyzer {
public:
    constexpr explicit request_head_analyzer(expect_policy policy = {}) noexcept
        : expect_(policy) {}

    constexpr void on_request_line(std::string_view method, http_version version) noexcept {
        method_ = to_request_method(method);
        version_ = version;
        if (version == http_version::unsupported) {
            fields_.fail(errc::unsupported_http_version);
        }
        // method = token (RFC 9112 §3): a parser that splits the line at spaces only would
        // pass control characters on, and the next hop may read the line differently.
        bool token = !method.empty();
        for (char c : method) {
            token = token && detail::is_tchar(c);
        }
        if (!token) {
            fields_.fail(errc::invalid_method);
        }
    }

    constexpr void on_field(std::string_view name, std::string_view value) noexcept {
        fields_.on_field(name, value, &expect_);
    }

    constexpr request_facts finish() const noexcept {
        detail::head_fields fields = fields_;
        fields.check_framing(version_);
        request_facts f;
        f.method = method_;
        f.version = version_;
        f.expect = expect_.result();
        f.connection = fields.connection(version_);
        f.upgrade = fields.upgrade_offered() && version_ == http_version::http_1_1
                        ? upgrade_intent::requested
                        : upgrade_intent::none;
        if (fields.has_transfer_encoding() && !fields.chunked_last()) {
            fields.fail_framing(errc::transfer_encoding_not_chunked_final);  // §6.3 #4
        }
        if (fields.faulty()) {
            detail::mark_invalid(f, fields.fault());
            return f;
        }
        if (fields.has_transfer_encoding()) {
            f.framing = body_framing::chunked;
        } else if (fields.has_content_length()) {
            f.framing = body_framing::content_length;
            f.content_length = fields.content_length();
        }  // else §6.3 #7: a request with neither has no content
        return f;
    }

private:
    request_method method_ = request_method::get;
    http_version version_ = http_version::http_1_1;
    detail::head_fields fields_;
    expect_analyzer expect_;
};

// Feeds a response head in. finish() needs the request's method: HEAD and CONNECT change the
// framing of the response (RFC 9112 §6.3 #1, #2).
class response_head_analyzer {
public:
    constexpr void on_status_line(unsigned status, http_version version) noexcept {
        status_ = status;
        version_ = version;
        if (version == http_version::unsupported) {
            fields_.fail(errc::unsupported_http_version);
        } else if (status < 100 || status > 999) {
            fields_.fail(errc::invalid_status_code);
        }
    }

    constexpr void on_field(std::string_view name, std::string_view value) noexcept {
        fields_.on_field(name, value, nullptr);
    }

    constexpr response_facts finish(request_method method) const noexcept {
        detail::head_fields fields = fields_;
        response_facts f;
        f.status = static_cast<std::uint16_t>(status_ <= 999 ? status_ : 0);
        f.version = version_;
        f.connection = fields.connection(version_);
        const bool interim = status_ >= 100 && status_ < 200;
        if (interim || status_ == 204 || status_ == 304 || method == request_method::head) {
            // §6.3 #1: no content whatever the fields say; a 1xx carrying them is noted (G-16).
            if (interim && (fields.has_content_length() || fields.has_transfer_encoding())) {
                f.interim_framing = interim_framing_fields::present;
            }
            if (fields.field_faulty()) {
                f.validity = head_validity::invalid;
                f.fault = fields.fault();
                f.connection = connection_intent::close;
            }
            f.framing = body_framing::none;
            return f;
        }
        if (method == request_method::connect && status_ >= 200 && status_ < 300) {
            f.framing = body_framing::tunnel;  // §6.3 #2
            return f;
        }
        fields.check_framing(version_);
        if (fields.faulty()) {
            detail::mark_invalid(f, fields.fault());
            return f;
        }
        if (fields.has_transfer_encoding()) {
            // §6.3 #4: chunked last → chunked; otherwise read until the server closes.
            f.framing = fields.chunked_last() ? body_framing::chunked : body_framing::until_close;
            if (!fields.chunked_last()) {
                f.connection = connection_intent::close;
            }
        } else if (fields.has_content_length()) {
            f.framing = body_framing::content_length;
            f.content_length = fields.content_length();
        } else {
            f.framing = body_framing::until_close;  // §6.3 #8
            f.connection = connection_intent::close;
        }
        return f;
    }

private:
    unsigned status_ = 0;
    http_version version_ = http_version::http_1_1;
    detail::head_fields fields_;
};

// One-call forms over any range of name/value pairs (anything a structured binding splits in
// two, such as std::pair<std::string_view, std::string_view>).
template <class Fields>
constexpr request_facts analyze_request_head(std::string_view method, http_version version,
                                             const Fields& fields,
                                             expect_policy policy = {}) noexcept {
    request_head_analyzer analyzer(policy);
    analyzer.on_request_line(method, version);
    for (const auto& [name, value] : fields) {
        analyzer.on_field(name, value);
    }
    return analyzer.finish();
}

template <class Fields>
constexpr response_facts analyze_response_head(unsigned status, http_version version,
                                               const Fields& fields,
                                               request_method method) noexcept {
    response_head_analyzer analyzer;
    analyzer.on_status_line(status, version);
    for (const auto& [name, value] : fields) {
        analyzer.on_field(name, value);
    }
    return analyzer.finish(method);
}

constexpr std::string_view to_string(body_framing f) noexcept {
    switch (f) {
    case body_framing::none: return "none";
    case body_framing::content_length: return "content_length";
    case body_framing::chunked: return "chunked";
    case body_framing::until_close: return "until_close";
    case body_framing::tunnel: return "tunnel";
    case body_framing::end_of_stream: return "end_of_stream";
    case body_framing::invalid: return "invalid";
    }
    return "?";
}

}  // namespace expect100

#endif  // EXPECT100_MESSAGE_HPP
