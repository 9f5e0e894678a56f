Console.WriteLine("labelbot");
