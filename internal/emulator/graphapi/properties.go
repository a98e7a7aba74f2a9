package graphapi

// The application's properties that the emulator stores without
// interpreting, with the value Graph shows when nobody set them. A GET
// renders every one of them, as Graph's default property set does.
var applicationDefaults = map[string]string{
	"addIns":                            `[]`,
	"api":                               `{"acceptMappedClaims":null,"knownClientApplications":[],"requestedAccessTokenVersion":null,"oauth2PermissionScopes":[],"preAuthorizedApplications":[]}`,
	"appRoles":                          `[]`,
	"applicationTemplateId":             `null`,
	"certification":                     `null`,
	"defaultRedirectUri":                `null`,
	"disabledByMicrosoftStatus":         `null`,
	"groupMembershipClaims":             `null`,
	"info":                              `{"logoUrl":null,"marketingUrl":null,"privacyStatementUrl":null,"supportUrl":null,"termsOfServiceUrl":null}`,
	"isDeviceOnlyAuthSupported":         `null`,
	"isFallbackPublicClient":            `null`,
	"nativeAuthenticationApisEnabled":   `null`,
	"oauth2RequirePostResponse":         `false`,
	"optionalClaims":                    `null`,
	"parentalControlSettings":           `{"countriesBlockedForMinors":[],"legalAgeGroupRule":"Allow"}`,
	"publicClient":                      `{"redirectUris":[]}`,
	"requestSignatureVerification":      `null`,
	"samlMetadataUrl":                   `null`,
	"serviceManagementReference":        `null`,
	"servicePrincipalLockConfiguration": `null`,
	"spa":                               `{"redirectUris":[]}`,
	"tokenEncryptionKeyId":              `null`,
	"verifiedPublisher":                 `{"displayName":null,"verifiedPublisherId":null,"addedDateTime":null}`,
}

// applicationReadOnly are the properties a client cannot set. Following
// Graph's convention (microsoft/api-guidelines, graph/propertyconventions),
// sending one with its current value is a no-op, so that a client can PATCH
// back what it read; any other value is refused with "Property '…' is
// read-only and cannot be set." (observed for disabledByMicrosoftStatus).
var applicationReadOnly = map[string]bool{
	"id": true, "appId": true, "createdDateTime": true, "deletedDateTime": true, "publisherDomain": true,
	"disabledByMicrosoftStatus": true, "applicationTemplateId": true, "certification": true, "verifiedPublisher": true,
}

// applicationIgnored are properties of the v1.0 model that a body may carry
// but that the emulator neither stores nor renders: the logo is a stream set
// through its own endpoint, authenticationBehaviors is only shown on $select.
var applicationIgnored = map[string]bool{"logo": true, "authenticationBehaviors": true}

// applicationTyped are the properties interpreted by Application's fields.
var applicationTyped = []string{
	"id", "appId", "createdDateTime", "deletedDateTime", "displayName", "description", "notes", "signInAudience",
	"tags", "uniqueName", "publisherDomain", "identifierUris", "web", "requiredResourceAccess",
	"passwordCredentials", "keyCredentials",
}

// isApplicationProperty reports whether name is a structural property of
// microsoft.graph.application in v1.0. Anything else in a body is refused:
// the directory answers 400 "Invalid property 'x'." (observed for groups)
// rather than ignoring it, so a client typo cannot pass here and fail there.
func isApplicationProperty(name string) bool {
	if _, ok := applicationDefaults[name]; ok {
		return true
	}
	if applicationIgnored[name] {
		return true
	}
	for _, n := range applicationTyped {
		if n == name {
			return true
		}
	}
	return false
}

// Sign-in audiences Graph accepts.
const (
	AudienceMyOrg                   = "AzureADMyOrg"
	AudienceMultipleOrgs            = "AzureADMultipleOrgs"
	AudienceMultipleOrgsAndPersonal = "AzureADandPersonalMicrosoftAccount"
	AudiencePersonal                = "PersonalMicrosoftAccount"
)

func validAudience(a string) bool {
	switch a {
	case AudienceMyOrg, AudienceMultipleOrgs, AudienceMultipleOrgsAndPersonal, AudiencePersonal:
		return true
	}
	return false
}

// personalAudience reports whether an audience includes Microsoft accounts,
// whose apps have tighter limits (supported-accounts-validation).
func personalAudience(a string) bool {
	return a == AudienceMultipleOrgsAndPersonal || a == AudiencePersonal
}
