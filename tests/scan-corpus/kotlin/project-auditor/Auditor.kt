import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

class Auditor(private val baseUrl: String, private val auth: String) {
    private val http = HttpClient.newHttpClient()

    private fun fetch(url: String): String =
        http.send(HttpRequest.newBuilder(URI(url)).header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()).body()

    fun run() {
        var page = fetch("$baseUrl/rest/api/3/project/search?expand=lead")
        while (true) {
            val next = Regex("\"nextPage\":\"([^\"]+)\"").find(page)?.groupValues?.get(1) ?: break
            page = fetch(next)
        }
        println(fetch("$baseUrl/rest/api/3/field"))
    }
}

fun main() = Auditor(System.getenv("JIRA_URL"), System.getenv("JIRA_AUTH")).run()
