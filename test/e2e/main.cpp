#define BOOST_TEST_MODULE otpnet_e2e
#include <boost/test/unit_test.hpp>
