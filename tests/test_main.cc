// Test entry point: libgit2 is initialised once for the whole test binary.
#include <gtest/gtest.h>

#include "git/diff_source.h"

int main(int argc, char** argv) {
  review::LibGit2Guard git_guard;
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
