import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

object Wiki {
    const val V1 = "/wiki/rest/api"
    val site: String = System.getenv("ATL_SITE")
}

fun main(args: Array<String>) {
    val client = HttpClient.newHttpClient()
    val pageId = args[0]
    val url = "https://${Wiki.site}.atlassian.net${Wiki.V1}/content/$pageId/label"
    val req = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""[{"prefix":"global","name":"synced"}]"""))
        .build()
    client.send(req, HttpResponse.BodyHandlers.ofString())
    val search = String.format("https://%s.atlassian.net%s/search?cql=%s", Wiki.site, Wiki.V1, "label%3Dsynced")
    client.send(HttpRequest.newBuilder(URI.create(search)).GET().build(), HttpResponse.BodyHandlers.ofString())
}
