import io.ktor.client.*
import io.ktor.client.request.*
import io.ktor.client.statement.*
import io.ktor.http.*

class Portal(private val http: HttpClient, cloudId: String) {
    private val root = "https://api.atlassian.com/ex/jira/$cloudId/rest/servicedeskapi"

    suspend fun desks(): String = http.get("$root/servicedesk").bodyAsText()

    suspend fun open(deskId: String, typeId: String, summary: String): HttpResponse =
        http.request("$root/request") {
            method = HttpMethod.Post
            contentType(ContentType.Application.Json)
            setBody("""{"serviceDeskId":"$deskId","requestTypeId":"$typeId","requestFieldValues":{"summary":"$summary"}}""")
        }
}
