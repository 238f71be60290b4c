using System.Net.Http;
using System.Threading.Tasks;

public class Attachments
{
    private const string Site = "https://acme.atlassian.net";
    private readonly HttpClient http = new HttpClient();

    public async Task<string> List(string pageId)
    {
        var response = await http.GetAsync($"{Site}/wiki/rest/api/content/{pageId}/child/attachment");
        return await response.Content.ReadAsStringAsync();
    }

    public async Task Upload(string pageId, HttpContent file)
    {
        await http.PutAsync($"{Site}/wiki/rest/api/content/{pageId}/child/attachment", file);
    }
}
