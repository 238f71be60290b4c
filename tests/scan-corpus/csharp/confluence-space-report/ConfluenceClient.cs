using System.Net.Http;
using System.Threading.Tasks;

namespace Acme.Wiki
{
    public class ConfluenceClient
    {
        private readonly HttpClient _http;
        private readonly string _base;

        public ConfluenceClient(HttpClient http, string cloudId)
        {
            _http = http;
            _base = $"https://api.atlassian.com/ex/confluence/{cloudId}/wiki/api/v2";
        }

        private Task<string> GetAsync(string path) => _http.GetStringAsync(_base + path);

        public Task<string> Spaces() => GetAsync("/spaces?limit=250");
        public Task<string> SpacePages(string spaceId) => GetAsync($"/spaces/{spaceId}/pages");
    }
}
