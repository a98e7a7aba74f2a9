package entra

// applicationSelect is the $select of every read of an application: the
// properties Application and the slice owners read, and nothing else, so
// that Graph does not send (and the client does not parse) the rest of the
// object. A resource that reads a new property adds it here, and only
// here.
var applicationSelect = []string{
	"id", "appId", "uniqueName", "displayName", "description", "notes", "signInAudience", "tags",
	"publisherDomain", "createdDateTime", "web", "info", "requiredResourceAccess", "passwordCredentials",
	"serviceManagementReference", // a create's pending mark, which the first slice write ends (create.go)
}
