import io.ktor.client.*
import io.ktor.client.engine.cio.*
import io.ktor.client.plugins.*
import io.ktor.client.request.*
import io.ktor.client.statement.*
import io.ktor.http.*

class JiraClient(site: String, private val token: String) {
    private val http = HttpClient(CIO) {
        defaultRequest {
            url("https://$site.atlassian.net/rest/api/3/")
            header(HttpHeaders.Authorization, "Basic $token")
            contentType(ContentType.Application.Json)
        }
    }

    suspend fun issue(key: String): String = http.get("issue/$key").bodyAsText()

    suspend fun assign(key: String, accountId: String) {
        http.put("issue/$key/assignee") { setBody("""{"accountId":"$accountId"}""") }
    }

    suspend fun transition(key: String, id: String) {
        http.post {
            url("issue/$key/transitions")
            setBody("""{"transition":{"id":"$id"}}""")
        }
    }
}
