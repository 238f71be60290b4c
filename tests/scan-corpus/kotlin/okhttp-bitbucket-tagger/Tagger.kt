import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import okhttp3.MediaType.Companion.toMediaType

val http = OkHttpClient()
val ws = System.getenv("BB_WORKSPACE")
val repo = System.getenv("BB_REPO")
val base = "https://api.bitbucket.org/2.0/repositories/$ws/$repo"

fun branch(name: String, hash: String) {
    val json = """{"name":"$name","target":{"hash":"$hash"}}""".toRequestBody("application/json".toMediaType())
    val req = Request.Builder()
        .url("$base/refs/branches")
        .header("Authorization", "Bearer ${System.getenv("BB_TOKEN")}")
        .post(json)
        .build()
    http.newCall(req).execute().use { println(it.code) }
}

fun main() {
    val commits = Request.Builder().url("${base}/commits?pagelen=1").build()
    val head = http.newCall(commits).execute().use { it.body!!.string() }
    branch("release/next", Regex("\"hash\": \"([0-9a-f]+)\"").find(head)!!.groupValues[1])
}
