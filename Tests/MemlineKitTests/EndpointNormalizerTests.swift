import Testing

@testable import MemlineKit

struct EndpointNormalizerTests {
    @Test(arguments: [
        ("/reports/3386?x=1", "/reports/3386", "/reports/:id"),
        ("https://my_target_api/users/12/edit?a=1", "/users/12/edit", "/users/:id/edit"),
        ("https://my_target_api", "/", "/"),
        ("https://user@host.example:8443/a/b#frag", "/a/b", "/a/b"),
        ("//cdn.example.com/x/42", "/x/42", "/x/:id"),
        ("/", "/", "/"),
        ("", "/", "/"),
        (
            "/exports/7114eb77-bf3b-4732-a7a9-a3b37affdc9c", "/exports/7114eb77-bf3b-4732-a7a9-a3b37affdc9c",
            "/exports/:uuid"
        ),
        (
            "/exports/12345678-abcd-4ef0-a123-0123456789ab", "/exports/12345678-abcd-4ef0-a123-0123456789ab",
            "/exports/:uuid"
        ),
        ("/objects/507f1f77bcf86cd799439011/raw", "/objects/507f1f77bcf86cd799439011/raw", "/objects/:hex/raw"),
        ("/password/reset/Xk9pQ2vL7mNz4RtY8wBc", "/password/reset/Xk9pQ2vL7mNz4RtY8wBc", "/password/reset/:token"),
        ("/posts/123-my-first-post", "/posts/123-my-first-post", "/posts/:id"),
        ("/reports/12.json", "/reports/12.json", "/reports/:id.json"),
        ("/employee.xml", "/employee.xml", "/employee.xml"),
        ("/cached/cached/", "/cached/cached/", "/cached/cached"),
        ("/api/v1/items?page=7", "/api/v1/items", "/api/v1/items"),
        ("/account/2fa", "/account/2fa", "/account/2fa"),
        ("/archive/2024-01-15", "/archive/2024-01-15", "/archive/2024-01-15"),
        (
            "/harvard/potent-ogt-inhibitors-for-the-treatment-of-cancer-and-diabeti",
            "/harvard/potent-ogt-inhibitors-for-the-treatment-of-cancer-and-diabeti",
            "/harvard/potent-ogt-inhibitors-for-the-treatment-of-cancer-and-diabeti"
        ),
        ("/users/12/posts/7/comments", "/users/12/posts/7/comments", "/users/:id/posts/:id/comments"),
        ("/caf%C3%A9/9", "/caf%C3%A9/9", "/caf%C3%A9/:id"),
        ("/städte/9", "/städte/9", "/städte/:id"),
    ])
    func replacesIdsAndStripsHostAndQuery(url: String, path: String, endpoint: String) {
        let split = EndpointNormalizer.split(url: url)
        #expect(split.path == path)
        #expect(split.endpoint == endpoint)
        #expect(EndpointNormalizer.endpoint(ofPath: url) == endpoint)
        var bytes = url
        let fromBytes = bytes.withUTF8 { EndpointNormalizer.split(bytes: $0) }
        #expect(fromBytes.path == path && fromBytes.endpoint == endpoint)
    }

    @Test func keepsShortHexWordsAndLongSlugsWithoutDigits() {
        #expect(EndpointNormalizer.endpoint(ofPath: "/facade/deadbeef") == "/facade/deadbeef")
        #expect(EndpointNormalizer.endpoint(ofPath: "/my_very_long_report_name") == "/my_very_long_report_name")
    }
}
