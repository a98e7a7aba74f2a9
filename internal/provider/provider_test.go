package provider_test

import (
	"testing"

	"github.com/unifiedto-community/terraform-provider-unifiedto/internal/acctest"
)

func TestMain(m *testing.M) { acctest.Main(m) }
