// Copyright (c) 2026 The expect100 authors. Distributed under the Boost Software License 1.0.
//
// Message facts from Boost.Beast headers: the adapter between beast::http::request_header /
// response_header and request_facts / response_facts (message.hpp). One of the headers under
// expect100/beast/, the only ones that include Boost.
//
// Every field line is fed in order, as Beast stores them (several Expect lines stay several
// lines: RFC 9110 §5.3), so the facts are exactly those of message.hpp's analysers.
#ifndef EXPECT100_BEAST_FACTS_HPP
#define EXPECT100_BEAST_FACTS_HPP

#include <expect100/expectation.hpp>
#include <expect100/message.hpp>

#include <boost/beast/http/message.hpp>

#include <string_view>

namespace expect100::beast {

namespace http = boost::beast::http;

template <class Fields>
request_facts request_facts_from(const http::header<true, Fields>& head,
                                 expect_policy policy = {}) {
    request_head_analyzer analyzer(policy);
    const auto method = head.method_string();
    analyzer.on_request_line(std::string_view(method.data(), method.size()),
                             to_http_version(head.version()));
    for (const auto& field : head) {
        const auto name = field.name_string();
        const auto value = field.value();
        analyzer.on_field(std::string_view(name.data(), name.size()),
                          std::string_view(value.data(), value.size()));
    }
    return analyzer.finish();
}

template <class Fields>
response_facts response_facts_from(const http::header<false, Fields>& head, request_method method) {
    response_head_analyzer analyzer;
    analyzer.on_status_line(head.result_int(), to_http_version(head.version()));
    for (const auto& field : head) {
        const auto name = field.name_string();
        const auto value = field.value();
        analyzer.on_field(std::string_view(name.data(), name.size()),
                          std::string_view(value.data(), value.size()));
    }
    return analyzer.finish(method);
}

}  // namespace expect100::beast

#endif  // EXPECT100_BEAST_FACTS_HPP
