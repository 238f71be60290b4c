using System;
using System.Net.Http;
using Acme.Wiki;

var client = new ConfluenceClient(new HttpClient(), Environment.GetEnvironmentVariable("CLOUD_ID"));
Console.WriteLine(await client.Spaces());
Console.WriteLine(await client.SpacePages(args[0]));
