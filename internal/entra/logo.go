package entra

import (
	"context"
	"fmt"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"
)

// SetLogo uploads the application's logo, shown on the consent screen:
// PUT /applications/{id}/logo with the image bytes and their type
// (image/png, image/jpeg or image/gif). Graph answers with no body; the
// logo then shows only as the CDN address in info.logoUrl, and Graph never
// gives the bytes back in the object (docs/design/graph-applications.md,
// "Branding and consent").
//
// msgraph-sdk-go's Logo().Put sends application/octet-stream, which is
// not an image type, so the request is built here with the image's own.
// Replication errors are retried where lag is possible (lag.go): the
// application may be seconds old.
func (c *Client) SetLogo(ctx context.Context, objectID string, image []byte, contentType string) error {
	builder := c.graph.Applications().ByApplicationId(objectID).Logo()
	errorMapping := abstractions.ErrorMappings{"XXX": odataerrors.CreateODataErrorFromDiscriminatorValue}
	return c.retry(ctx, c.writeMode(objectID), func(ctx context.Context) error {
		// A fresh request per attempt: the compression handler consumes
		// the body of the one it sends.
		req, err := builder.ToPutRequestInformation(ctx, image, nil)
		if err != nil {
			return fmt.Errorf("building the logo upload: %w", err)
		}
		req.Headers.Remove("Content-Type")
		req.SetStreamContentAndContentType(image, contentType)
		return graphError(c.graph.GetAdapter().SendNoContent(ctx, req, errorMapping))
	})
}
