#define BOOST_TEST_MODULE otpnet_actors
#include <boost/test/unit_test.hpp>
