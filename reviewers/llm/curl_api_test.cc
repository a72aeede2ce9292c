// Loading libcurl at run time: the real system library, a library that does not exist, and
// one that exists but is not libcurl. The HTTP behaviour itself is tested against a real
// server on 127.0.0.1 (tests/llm_*_test.cc).
#include "reviewers/llm/curl_api.h"

#include <gtest/gtest.h>

#include <string>

namespace review {
namespace {

TEST(CurlApi, LoadsTheSystemLibcurlOnceAndCallsIntoIt) {
  const auto& curl = curl_api();
  ASSERT_TRUE(curl) << curl.error().message;
  EXPECT_EQ(&curl, &curl_api());
  EXPECT_EQ(std::string(curl->easy_strerror(CURLE_OK)), "No error");
  EXPECT_EQ(std::string(curl->easy_strerror(CURLE_OPERATION_TIMEDOUT)), "Timeout was reached");
  CURL* easy = curl->easy_init();
  ASSERT_NE(easy, nullptr);
  long status = -1;
  EXPECT_EQ(curl->easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status), CURLE_OK);
  EXPECT_EQ(status, 0);  // no transfer made yet
  curl->easy_cleanup(easy);
}

TEST(CurlApi, MissingLibraryIsAOneLineErrorNamingItAndThePackage) {
  auto curl = load_curl_api("libdoes-not-exist.so.0");
  ASSERT_FALSE(curl);
  EXPECT_EQ(curl.error().kind, ErrorKind::backend);
  const std::string& message = curl.error().message;
  EXPECT_TRUE(message.starts_with("LLM voters need libcurl (libdoes-not-exist.so.0): ")) << message;
  EXPECT_NE(message.find("cannot open shared object file"), std::string::npos) << message;
  EXPECT_TRUE(message.ends_with("; install libcurl4")) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(CurlApi, LibraryWithoutTheCurlFunctionsNamesTheFirstMissingOne) {
  auto curl = load_curl_api("libm.so.6");
  ASSERT_FALSE(curl);
  const std::string& message = curl.error().message;
  EXPECT_TRUE(message.starts_with("LLM voters need libcurl (libm.so.6): ")) << message;
  EXPECT_NE(message.find("curl_global_init"), std::string::npos) << message;
  EXPECT_TRUE(message.ends_with("; install libcurl4")) << message;
}

}  // namespace
}  // namespace review
