import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody

val api = "https://api.bitbucket.org/2.0"
val client = OkHttpClient()

fun approve(workspace: String, repo: String, id: Int) {
    val request = Request.Builder()
        .url("$api/repositories/$workspace/$repo/pullrequests/$id/approve")
        .post("".toRequestBody())
        .build()
    client.newCall(request).execute()
}

fun comment(workspace: String, repo: String, id: Int, text: String) {
    val request = Request.Builder()
        .url("$api/repositories/$workspace/$repo/pullrequests/$id/comments")
        .post(text.toRequestBody())
        .build()
    client.newCall(request).execute()
}
